package dev.actionstream.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.Json;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.synth.SyntheticLiveSource;
import dev.actionstream.trainer.dataset.DatasetSplit;
import dev.actionstream.trainer.train.RunFolder;
import dev.actionstream.trainer.train.TrainingRun;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live streams become training data, end to end: {@code serve}'s runtime on the synthetic live source with captures
 * on; clips of the actions it shows are captured through the HTTP API at times chosen from the source's own ground
 * truth (a second {@link SyntheticLiveSource} with the same settings renders the same actions frame by frame); the
 * clips decode at their length and the stream's rate; a tiny model trains on the captured dataset in-process, and
 * the run's {@code split.json} lists every captured clip.
 */
class LiveCaptureTrainingTest {

    private static final String SOURCE = "synthetic:160x120@25";
    private static final Path LIVE_MODEL = Path.of("models", "lrcn-synthetic-live.onnx");
    private static final int CLIP_FRAMES = 10;
    private static final int CLIPS_PER_ACTION = 3;
    private static final int ACTIONS = 2;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void clipsCapturedFromALiveStreamTrainAModelWhoseSplitListsThem() throws Exception {
        List<Segment> truth = segments(SOURCE, 60 * 25);
        Path datasets = dir.resolve("datasets");
        RuntimeConfig d = RuntimeConfig.defaults();
        RuntimeConfig config = d.withStreams(List.of(new RuntimeConfig.Stream("cam", SOURCE, 1, false, true)))
                .withModels(new RuntimeConfig.Models(dir.resolve("models").toString(), false))
                .withCapture(d.capture().withEnabled(true).withDir(datasets.toString()));
        config = new RuntimeConfig(config.server().withPort(0), config.streams(), config.pipeline(), config.scoring(),
                config.events(), config.models(), config.capture());
        List<JsonNode> clips = new ArrayList<>();
        Map<String, Integer> perAction = new LinkedHashMap<>();
        try (ServeAssembly serving = new ServeAssembly(new Pipeline(config, LIVE_MODEL))) {
            serving.start();
            String base = "http://127.0.0.1:" + serving.server().port();
            // The first segments that are long enough, of distinct actions, captured once the buffer holds them.
            Set<String> seen = new HashSet<>();
            for (Segment s : truth) {
                if (perAction.size() == ACTIONS) {
                    break;
                }
                if (seen.contains(s.action) || s.frames() < CLIPS_PER_ACTION * CLIP_FRAMES + 10) {
                    continue;
                }
                seen.add(s.action);
                awaitFrame(base, s.end - 1);
                for (int i = 0; i < CLIPS_PER_ACTION; i++) {
                    long first = s.start + 5 + (long) i * CLIP_FRAMES;
                    long last = first + CLIP_FRAMES - 1;
                    HttpResponse<String> res = post(base, "{\"stream\":\"cam\",\"label\":\"" + s.action
                            + "\",\"firstFrame\":" + first + ",\"lastFrame\":" + last + "}");
                    assertEquals(201, res.statusCode(), res.body());
                    JsonNode clip = Json.MAPPER.readTree(res.body());
                    assertEquals(first, clip.get("firstFrame").asLong(), clip.toString());
                    assertEquals(last, clip.get("lastFrame").asLong(), clip.toString());
                    assertTrue(clip.get("firstFrame").asLong() >= s.start && clip.get("lastFrame").asLong() < s.end);
                    clips.add(clip);
                }
                perAction.put(s.action, CLIPS_PER_ACTION);
            }
        }
        assertEquals(ACTIONS, perAction.size(), "actions captured: " + perAction);
        Path dataset = datasets.resolve("captures");
        for (JsonNode clip : clips) {
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(dataset.resolve(clip.get("label").asText())
                    .resolve(clip.get("file").asText()).toFile())) {
                g.start();
                int frames = 0;
                while (g.grabImage() != null) {
                    frames++;
                }
                assertEquals(clip.get("frames").asInt(), frames, "decoded length of " + clip.get("file"));
                assertTrue(Math.abs(frames - CLIP_FRAMES) <= 2, frames + " frames in " + clip.get("file"));
                assertEquals(25.0, g.getFrameRate(), 0.01, "the stream's rate");
                g.stop();
            }
        }

        DatasetConfig geometry = DatasetConfig.defaults().withGeometry(4, 16, 16);
        geometry = new DatasetConfig(geometry.framesPerWindow(), geometry.frameHeight(), geometry.frameWidth(),
                geometry.channelOrder(), geometry.trainFraction(), geometry.validationFraction(),
                geometry.testFraction(), geometry.splitSeed(), dir.resolve("cache").toString(),
                geometry.normalisation());
        TrainingConfig tiny = new TrainingConfig(Architecture.LRCN, geometry, 2, 4, 1e-2, 3L, 0, false,
                new ConvLstmConfig(List.of(2), 3, 0.0), new LrcnConfig(List.of(4), List.of(2), 0.0, 4));
        RunFolder run = new RunFolder(dir.resolve("run"));
        TrainingRun.Outcome outcome = new TrainingRun(tiny, new PrintWriter(System.out, true), false)
                .train(dataset, run);
        assertEquals(2, outcome.training().epochs().size());
        assertTrue(outcome.skipped().isEmpty(), "no clip (or sidecar) skipped: " + outcome.skipped());

        DatasetSplit split = DatasetSplit.read(run.split());
        Set<String> listed = new HashSet<>();
        for (String part : List.of("train", "validation", "test")) {
            listed.addAll(split.part(part));
        }
        Set<String> captured = new HashSet<>();
        for (JsonNode clip : clips) {
            captured.add(clip.get("label").asText() + "/" + clip.get("file").asText());
        }
        assertEquals(captured, listed, "split.json lists exactly the captured clips");
        assertEquals(new HashSet<>(perAction.keySet()), new HashSet<>(split.classes()));
    }

    /** One stretch of the synthetic source showing one action: frames {@code [start, end)}. */
    private record Segment(String action, long start, long end) {
        long frames() {
            return end - start;
        }
    }

    /** The source's segments over its first {@code frames} frames, rendered by the synth module itself. */
    private static List<Segment> segments(String source, int frames) {
        List<Segment> out = new ArrayList<>();
        try (SyntheticLiveSource s = new SyntheticLiveSource(SyntheticLiveSource.Settings.parse(source))) {
            BufferedImage img = s.newFrame();
            String action = null;
            long start = 0;
            for (long i = 0; i < frames; i++) {
                String a = s.nextFrame(img).id();
                if (!a.equals(action)) {
                    if (action != null) {
                        out.add(new Segment(action, start, i));
                    }
                    action = a;
                    start = i;
                }
            }
        }
        return out;
    }

    /** Waits until the stream's buffer holds frame {@code index}; returns the buffer's span then. */
    private JsonNode awaitFrame(String base, long index) throws Exception {
        long deadline = System.currentTimeMillis() + 40_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/api/captures")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode buffer = Json.MAPPER.readTree(res.body()).get("buffers").get(0);
            if (buffer.get("newestFrame").asLong() >= index) {
                return buffer;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("frame " + index + " never reached the capture buffer");
    }

    /** Capture time of frame {@code index}, from the buffer's ends (the source is paced at a constant rate). */
    private HttpResponse<String> post(String base, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/captures")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
