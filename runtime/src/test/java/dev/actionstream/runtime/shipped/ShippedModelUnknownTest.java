package dev.actionstream.runtime.shipped;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.scoring.StreamScoring;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped live model (what {@code demo} serves) through the real pipeline on footage it was never trained on, side
 * by side with the synthetic live source it knows: an FFmpeg test pattern must be labelled {@code unknown} on at least
 * {@value #UNKNOWN_TARGET} of its windows, while the live source is labelled {@code unknown} on at most
 * {@value #KNOWN_CEILING} of its. Prints, per stream, the fraction of windows labelled unknown (from the
 * {@code actionstream.windows.unknown} counter /metrics shows) and the median {@code oodScore}.
 *
 * <p>{@code -Dactionstream.ood.all=true} adds the other out-of-distribution footage to the same run:
 * opencv-doc's {@code vtest.avi} (real pedestrians), FFmpeg's {@code smptebars}, a black frame, and the synthetic
 * figures performing actions no shipped model saw (jumping jacks, squats). {@code -Dactionstream.ood.model=FILE}
 * measures another model, {@code -Dactionstream.ood.windows=N} scores more windows per stream,
 * {@code -Dactionstream.ood.threshold=S} overrides the model's unknown threshold ({@code events.unknownThreshold}).
 */
class ShippedModelUnknownTest {

    static final Path MODEL = Path.of(System.getProperty("actionstream.ood.model",
            Path.of("..", "examples", "models", "lrcn-synthetic-live.onnx").toString()));
    static final double UNKNOWN_TARGET = 0.9;
    static final double KNOWN_CEILING = 0.05;
    private static final int WINDOWS = Integer.getInteger("actionstream.ood.windows", 150);
    private static final RuntimeConfig.Stream LIVE =
            new RuntimeConfig.Stream("live", "synthetic:160x120@25?seed=1", 1, false, true);
    private static final RuntimeConfig.Stream PATTERN =
            new RuntimeConfig.Stream("testsrc", "lavfi:testsrc=size=320x240:rate=25,realtime", 1, false, true);

    @TempDir
    Path dir;

    @Test
    void labelsATestPatternUnknownWhileTheSyntheticLiveSourceStaysKnown() throws Exception {
        assertTrue(Files.isRegularFile(MODEL), "shipped model missing: " + MODEL.toAbsolutePath());
        List<RuntimeConfig.Stream> streams = new ArrayList<>(List.of(LIVE, PATTERN));
        if (Boolean.getBoolean("actionstream.ood.all")) {
            Tools.require(Tool.OPENCV_DOC);
            streams.add(new RuntimeConfig.Stream("vtest", Tools.OPENCV_DOC_DATA.resolve("vtest.avi").toString(), 1,
                    true, true));
            streams.add(new RuntimeConfig.Stream("smptebars", "lavfi:smptebars=size=320x240:rate=25,realtime", 1,
                    false, true));
            streams.add(new RuntimeConfig.Stream("black", "lavfi:color=c=black:size=320x240:rate=25,realtime", 1,
                    false, true));
            streams.add(new RuntimeConfig.Stream("newactions",
                    "synthetic:160x120@25?seed=1&actions=jumpingjacks,squats", 1, false, true));
        }
        String threshold = System.getProperty("actionstream.ood.threshold");
        RuntimeConfig defaults = RuntimeConfig.defaults();
        RuntimeConfig config = defaults.withStreams(streams)
                .withEvents(defaults.events()
                        .withUnknownThreshold(threshold == null ? null : Double.valueOf(threshold)))
                .withModels(new RuntimeConfig.Models(dir.toString(), false));
        Map<String, List<LabelEvent>> events = new ConcurrentHashMap<>();
        Map<String, double[]> fractions = new ConcurrentHashMap<>();
        try (Pipeline pipeline = new Pipeline(config, MODEL)) {
            assertTrue(pipeline.registry().active().scoresUnknown(), MODEL + " gives no ood_score");
            pipeline.start(e -> events.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(e));
            long deadline = System.currentTimeMillis() + WINDOWS * 40L * 4 + 60_000;
            while (System.currentTimeMillis() < deadline && !allScored(pipeline.scoring())) {
                Thread.sleep(200);
            }
            for (StreamScoring st : pipeline.scoring()) {
                Counter counter = pipeline.metrics().registry().find("actionstream.windows.unknown")
                        .tag("stream", st.name()).counter();
                assertNotNull(counter, "/metrics counts unknown windows of " + st.name());
                // Read together, while the stream may still score: the counter and the stream's own count agree.
                long scored = st.windowsScored();
                double unknown = counter.count();
                fractions.put(st.name(), new double[] {unknown / scored, scored});
            }
            String metrics = pipeline.metrics().scrape();
            assertTrue(metrics.contains("actionstream_windows_unknown_total{stream=\"testsrc\"}"), metrics);
        }
        System.out.printf("windows labelled unknown by %s (events.filter %s, unknownThreshold %s):%n",
                MODEL.getFileName(), config.events().filter().id(),
                threshold == null ? "the model's" : threshold);
        for (RuntimeConfig.Stream s : streams) {
            double[] f = fractions.get(s.name());
            System.out.printf("  %-10s %5.1f %% of %4d windows, median oodScore %.2f (%s)%n", s.name(), 100 * f[0],
                    (long) f[1], medianScore(events.get(s.name())), s.source());
        }
        assertTrue(fractions.get("testsrc")[1] >= WINDOWS, "the test pattern was scored");
        assertTrue(fractions.get("testsrc")[0] >= UNKNOWN_TARGET,
                "test pattern windows labelled unknown: " + fractions.get("testsrc")[0]);
        assertTrue(fractions.get("live")[0] <= KNOWN_CEILING,
                "synthetic live windows labelled unknown: " + fractions.get("live")[0]);
        LabelEvent lastPattern = last(events.get("testsrc"));
        assertEquals(LabelEvent.UNKNOWN, lastPattern.label());
        assertFalse(lastPattern.known());
        assertFalse(lastPattern.uncertain(), "unknown is its own state, not uncertain");
        LabelEvent lastLive = last(events.get("live"));
        assertTrue(lastLive.known(), "live: " + lastLive);
        assertNotNull(lastLive.oodScore());
        // A run of unknown windows is one change event: the pattern's label changes once to unknown and stays.
        long patternChanges = events.get("testsrc").stream()
                .filter(e -> e.reason() == LabelEvent.Reason.CHANGE).count();
        assertTrue(patternChanges <= 3, "the pattern's label settled on unknown: " + patternChanges + " changes");
    }

    private static boolean allScored(List<StreamScoring> streams) {
        for (StreamScoring st : streams) {
            if (st.windowsScored() < WINDOWS) {
                return false;
            }
        }
        return true;
    }

    private static LabelEvent last(List<LabelEvent> events) {
        assertNotNull(events, "no events");
        synchronized (events) {
            return events.get(events.size() - 1);
        }
    }

    private static double medianScore(List<LabelEvent> events) {
        if (events == null || events.isEmpty()) {
            return Double.NaN;
        }
        double[] s = events.stream().filter(e -> e.oodScore() != null).mapToDouble(LabelEvent::oodScore).sorted()
                .toArray();
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }
}
