package dev.actionstream.examples.teach;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.models.ModelLoader;
import dev.actionstream.runtime.models.SessionFactory;
import dev.actionstream.runtime.shadow.ShadowFrames;
import dev.actionstream.runtime.shadow.ShadowScorer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shadow's no-answer figure counts both ways a model declines: {@code unknown} (the window is unlike the
 * candidate's training windows, by its out-of-distribution score) and {@code uncertain} (its top probability is
 * under the confidence threshold). The shipped live model scores the unknown, so thresholds at the extremes decide
 * which one every window is.
 */
class ShadowUnknownTest {

    private static final int W = 160;
    private static final int H = 120;

    @Test
    void windowsUnlikeTheTrainingWindowsCountAsUnknownInTheNoAnswerRate() throws Exception {
        Map<String, Object> cam = shadow(0.0, 1e-30);
        assertEquals(1.0, (Double) cam.get("uncertainOrUnknownRate"), cam.toString());
        assertEquals(cam.get("windows"), counts(cam).get("unknown"), cam.toString());
        assertEquals(0L, counts(cam).get("uncertain"));
    }

    @Test
    void uncertainWindowsCountInTheNoAnswerRateToo() throws Exception {
        Map<String, Object> cam = shadow(1.0, 1e30);
        assertEquals(1.0, (Double) cam.get("uncertainOrUnknownRate"), cam.toString());
        assertEquals(cam.get("windows"), counts(cam).get("uncertain"), cam.toString());
        assertEquals(0L, counts(cam).get("unknown"));
    }

    @Test
    void confidentKnownWindowsAreCountedPerLabelAndAgreementPerServingLabel() throws Exception {
        Map<String, Object> cam = shadow(0.0, 1e30);
        assertEquals(0.0, (Double) cam.get("uncertainOrUnknownRate"), cam.toString());
        long labelled = counts(cam).entrySet().stream().filter(e -> !List.of("unknown", "uncertain")
                .contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        assertEquals(cam.get("windows"), labelled, cam.toString());
        @SuppressWarnings("unchecked")
        Map<String, Double> byServing = (Map<String, Double>) cam.get("agreementByActiveLabel");
        assertEquals(List.of("boxing"), List.copyOf(byServing.keySet()));
        assertEquals(counts(cam).get("boxing") / ((Long) cam.get("windows")).doubleValue(), byServing.get("boxing"),
                1e-9);
    }

    /** Shadows the shipped model on 30 frames of a moving bar and returns the stream's figures. */
    private static Map<String, Object> shadow(double confidenceThreshold, double unknownThreshold) throws Exception {
        ShadowFrames frames = new ShadowFrames();
        ModelLoader loader = new ModelLoader(new SessionFactory(OrtEnvironment.getEnvironment(),
                new RuntimeConfig.Scoring("cpu", 1, 1, 1, 1, 0)));
        try (ShadowScorer scorer = new ShadowScorer(frames, stream -> "boxing", confidenceThreshold,
                unknownThreshold)) {
            scorer.start(loader.load(TinyTeaching.LIVE_MODEL), "candidate.onnx", List.of("cam"));
            ByteBuffer pixels = ByteBuffer.allocateDirect(W * H * 3);
            for (int i = 0; i < 30; i++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        byte v = (byte) (Math.abs(x - 5 * i) < 10 ? 230 : 20);
                        int at = (y * W + x) * 3;
                        pixels.put(at, v).put(at + 1, v).put(at + 2, (byte) 60);
                    }
                }
                frames.offer("cam", i, i * 40L, i * 40_000L, pixels, W, H, W * 3, PixelFormat.BGR24);
                // Gives the shadow thread time: frames beyond its 8 slots would be dropped (and counted).
                Thread.sleep(40);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            Map<String, Object> cam = null;
            while (System.nanoTime() < deadline) {
                cam = stream(scorer.report());
                if ((Long) cam.get("windows") + (Long) scorer.report().get("droppedFrames") >= 23) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue((Long) cam.get("windows") > 0, String.valueOf(cam));
            return cam;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stream(Map<String, Object> report) {
        return (Map<String, Object>) ((Map<String, Object>) report.get("streams")).get("cam");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> counts(Map<String, Object> cam) {
        return (Map<String, Long>) cam.get("candidateCounts");
    }
}
