package dev.actionstream.runtime.shadow;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.models.ModelLoader;
import dev.actionstream.runtime.models.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A candidate is judged by the probabilities serving would give it, its calibration's temperature included. */
class ShadowScorerTest {

    private static final int W = 32;
    private static final int H = 24;

    @TempDir
    Path dir;

    @Test
    void aTemperatureTheGraphLeftOutIsAppliedToTheCandidatesConfidence() throws Exception {
        // The colour model is all but certain of a blue window; at T = 50 its three classes come out near a third.
        Map<String, Object> plain = shadow(TestModels.colourWithOodScore(dir.resolve("t1.onnx"), "t1", 4, 8, 8,
                TestModels.calibration(1e9, 1.0, false), false));
        Map<String, Object> hot = shadow(TestModels.colourWithOodScore(dir.resolve("t50.onnx"), "t50", 4, 8, 8,
                TestModels.calibration(1e9, 50.0, false), false));

        assertTrue((Double) plain.get("meanConfidence") > 0.9, plain.toString());
        assertEquals(0.0, (Double) plain.get("uncertainOrUnknownRate"), plain.toString());
        assertTrue((Double) hot.get("meanConfidence") < 0.45, hot.toString());
        assertEquals(1.0, (Double) hot.get("uncertainOrUnknownRate"), "all under the 0.5 threshold: " + hot);
    }

    /** Shadows {@code model} on 12 blue frames, confidence threshold 0.5, and returns the stream's figures. */
    private static Map<String, Object> shadow(Path model) throws Exception {
        ShadowFrames frames = new ShadowFrames();
        ModelLoader loader = new ModelLoader(new SessionFactory(OrtEnvironment.getEnvironment(),
                new RuntimeConfig.Scoring("cpu", 1, 1, 1, 1, 0)));
        try (ShadowScorer scorer = new ShadowScorer(frames, stream -> "blue", 0.5, null)) {
            scorer.start(loader.load(model), model.getFileName().toString(), List.of("cam"));
            ByteBuffer pixels = ByteBuffer.allocateDirect(W * H * 3);
            for (int i = 0; i < W * H; i++) {
                pixels.put(i * 3, (byte) 255);
            }
            for (int i = 0; i < 12; i++) {
                frames.offer("cam", i, i * 40L, i * 40_000L, pixels, W, H, W * 3, PixelFormat.BGR24);
                // Gives the shadow thread time: frames beyond its slots would be dropped (and counted).
                Thread.sleep(40);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            Map<String, Object> cam = stream(scorer.report());
            while (System.nanoTime() < deadline
                    && (Long) cam.get("windows") + (Long) scorer.report().get("droppedFrames") < 9) {
                Thread.sleep(50);
                cam = stream(scorer.report());
            }
            assertTrue((Long) cam.get("windows") > 0, String.valueOf(cam));
            return cam;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stream(Map<String, Object> report) {
        return (Map<String, Object>) ((Map<String, Object>) report.get("streams")).get("cam");
    }
}
