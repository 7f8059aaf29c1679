package dev.actionstream.runtime.shipped;

import dev.actionstream.config.FilterKind;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.synth.SyntheticLiveSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped live LRCN model (what {@code demo} serves) on the synthetic live source, through the real pipeline: the
 * smoothed label is compared with the true action of every frame and the agreement and change delays are printed.
 * Frames whose window still reaches back into the previous action (the first {@code T - 1} frames after each switch)
 * are reported apart.
 *
 * <p>Asserts what the pipeline guarantees — labels keep coming for the whole run, gapless, from the model's label set —
 * and the product targets: the label equals the true action on {@value #TARGET} of all frames after the first window
 * (the shipped live model: 0.960 on this run, an {@code unknown} label counting as wrong; 0.963 before its re-export
 * with calibration and {@code ood_score}) and on {@value #STEADY_FLOOR} of steady frames (0.994; a broken train/serve
 * contract scores near chance), and prints the figures with the delays and the frames labelled unknown.
 *
 * <p>{@code -Dactionstream.live.frames=N} measures over a longer run (more action changes), and
 * {@code -Dactionstream.live.model=FILE} measures a candidate model before it is shipped, and
 * {@code -Dactionstream.live.filter=mean -Dactionstream.live.smoothing=K} with the moving average over K windows
 * instead of the serving default, {@code -Dactionstream.live.switch=P} with another switch probability, and
 * {@code -Dactionstream.live.unknownThreshold=S} with another threshold for {@code unknown} than the model's.
 */
class ShippedModelLiveAccuracyTest {

    static final Path MODEL = Path.of(System.getProperty("actionstream.live.model",
            Path.of("..", "examples", "models", "lrcn-synthetic-live.onnx").toString()));
    /** Seed 1 is the measured one; {@code -Dactionstream.live.seed=N} shows another sequence (e.g. to tune on). */
    static final String SOURCE = "synthetic:160x120@25?seed=" + Long.getLong("actionstream.live.seed", 1);
    private static final int FRAMES = Integer.getInteger("actionstream.live.frames", 1000);
    /** The label filter and its settings; the serving defaults unless given. */
    private static final RuntimeConfig.Events EVENTS = eventsFromProperties(RuntimeConfig.defaults().events());
    static final double TARGET = 0.95;
    static final double STEADY_FLOOR = 0.95;

    @TempDir
    Path dir;

    @Test
    void smoothedLabelFollowsTheTrueActionOfTheLiveSource() throws Exception {
        assertTrue(Files.isRegularFile(MODEL), "shipped model missing: " + MODEL.toAbsolutePath());
        RuntimeConfig defaults = RuntimeConfig.defaults();
        RuntimeConfig config = defaults
                .withEvents(EVENTS)
                .withStreams(List.of(new RuntimeConfig.Stream("live", SOURCE, 1, false, true)))
                .withModels(new RuntimeConfig.Models(dir.toString(), false));
        List<LabelEvent> events = new ArrayList<>();
        int windowLength;
        List<String> labels;
        try (Pipeline pipeline = new Pipeline(config, MODEL)) {
            windowLength = pipeline.registry().active().spec().framesPerWindow();
            labels = pipeline.registry().active().spec().labels();
            pipeline.start(e -> {
                synchronized (events) {
                    events.add(e);
                }
            });
            long deadline = System.currentTimeMillis() + FRAMES * 40L + 60_000;
            while (System.currentTimeMillis() < deadline) {
                synchronized (events) {
                    if (!events.isEmpty() && events.get(events.size() - 1).frameIndex() >= FRAMES) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
        }
        String[] truth = truth(FRAMES + 1);
        List<LabelEvent> changes;
        synchronized (events) {
            changes = events.stream().filter(e -> e.frameIndex() <= FRAMES).toList();
        }
        assertTrue(!changes.isEmpty(), "no label events");

        int scored = 0;
        int agree = 0;
        int steadyScored = 0;
        int steadyAgree = 0;
        int unknown = 0;
        java.util.Map<String, Integer> unknownByAction = new java.util.TreeMap<>();
        int next = 0;
        String current = null;
        int lastSwitch = 0;
        for (int f = windowLength - 1; f <= FRAMES; f++) {
            while (next < changes.size() && changes.get(next).frameIndex() <= f) {
                current = changes.get(next++).label();
            }
            if (f > 0 && !truth[f].equals(truth[f - 1])) {
                lastSwitch = f;
            }
            if (current == null) {
                continue;
            }
            boolean ok = current.equals(truth[f]);
            scored++;
            if (current.equals(LabelEvent.UNKNOWN)) {
                unknown++;
                unknownByAction.merge(truth[f] + (f - lastSwitch < windowLength - 1 ? " (change)" : ""), 1,
                        Integer::sum);
            }
            agree += ok ? 1 : 0;
            if (f - lastSwitch >= windowLength - 1) {
                steadyScored++;
                steadyAgree += ok ? 1 : 0;
            }
        }
        List<Integer> delays = switchDelays(truth, changes);
        double strict = agree / (double) scored;
        double steady = steadyAgree / (double) steadyScored;
        System.out.printf("live accuracy (%s filter) over %d frames: %.3f of all frames, %.3f once the window holds "
                        + "only the current action; label-change delay after an action change (frames at 25 fps): %s%n",
                EVENTS.filter().id(), scored, strict, steady, delays);
        System.out.printf("frames labelled unknown: %.3f, by true action: %s%n", unknown / (double) scored,
                unknownByAction);
        List<String> allowed = new ArrayList<>(labels);
        allowed.add(LabelEvent.UNCERTAIN);
        allowed.add(LabelEvent.UNKNOWN);
        for (int i = 0; i < changes.size(); i++) {
            assertTrue(allowed.contains(changes.get(i).label()), "label from the model: " + changes.get(i).label());
            assertEquals(i + 1, changes.get(i).sequence(), "gapless sequence");
        }
        assertTrue(changes.get(changes.size() - 1).frameIndex() >= FRAMES - 50,
                "events kept coming to the end of the run");
        assertTrue(steady >= STEADY_FLOOR, "steady-frame agreement " + steady + " below " + STEADY_FLOOR);
        assertTrue(strict >= TARGET, "agreement on all frames after the first window " + strict + " below " + TARGET);
    }

    private static RuntimeConfig.Events eventsFromProperties(RuntimeConfig.Events served) {
        String unknown = System.getProperty("actionstream.live.unknownThreshold");
        return served.withFilter(FilterKind.of(System.getProperty("actionstream.live.filter", served.filter().id())),
                Integer.getInteger("actionstream.live.smoothing", served.smoothingWindows()),
                Double.parseDouble(System.getProperty("actionstream.live.switch",
                        Double.toString(served.switchProbability()))))
                .withUnknownThreshold(unknown == null ? served.unknownThreshold() : Double.valueOf(unknown));
    }

    /** The true action of each frame: the live source is a pure function of its settings. */
    static String[] truth(int frames) {
        SyntheticLiveSource replica = new SyntheticLiveSource(SyntheticLiveSource.Settings.parse(SOURCE));
        BufferedImage image = replica.newFrame();
        String[] labels = new String[frames];
        for (int i = 0; i < frames; i++) {
            labels[i] = replica.nextFrame(image).id();
        }
        return labels;
    }

    /** For each action change, frames until the first event naming the new action (-1: never within the segment). */
    static List<Integer> switchDelays(String[] truth, List<LabelEvent> events) {
        List<Integer> delays = new ArrayList<>();
        for (int f = 1; f < truth.length; f++) {
            if (truth[f].equals(truth[f - 1])) {
                continue;
            }
            int end = f;
            while (end < truth.length && truth[end].equals(truth[f])) {
                end++;
            }
            int delay = -1;
            for (LabelEvent e : events) {
                if (e.frameIndex() >= f && e.frameIndex() < end && e.label().equals(truth[f])) {
                    delay = (int) (e.frameIndex() - f);
                    break;
                }
            }
            delays.add(delay);
        }
        return delays;
    }
}
