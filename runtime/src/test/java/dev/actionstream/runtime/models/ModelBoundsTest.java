package dev.actionstream.runtime.models;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBoundsTest {

    private static final RuntimeConfig.Models DEFAULTS = new RuntimeConfig.Models("models", false);

    @TempDir
    Path dir;

    private static ModelLoader loader(ModelBounds bounds) {
        RuntimeConfig.Scoring cpu = new RuntimeConfig.Scoring("cpu", 1, 1, 1, 4, 0);
        return new ModelLoader(new SessionFactory(OrtEnvironment.getEnvironment(), cpu), bounds);
    }

    @Test
    void aModelAskingForHugeFramesIsRejectedNamingTheKeyThatRaisesTheLimit() throws Exception {
        Path greedy = TestModels.greedy(dir.resolve("greedy.onnx"), "greedy", 8, 1024, 1024);
        ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> loader(new ModelBounds(DEFAULTS, 256, 4, 16)).load(greedy));
        assertTrue(e.getMessage().contains("greedy.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("1024x1024"), e.getMessage());
        assertTrue(e.getMessage().contains("models.maxFrameSide = 512"), e.getMessage());
    }

    @Test
    void framesOf32768SquaredAreRejectedWithoutOverflowEvenWithTheSideLimitRaised() throws Exception {
        Path greedy = TestModels.greedy(dir.resolve("huge.onnx"), "huge", 8, 32768, 32768);
        ModelRejectedException side = assertThrows(ModelRejectedException.class,
                () -> loader(new ModelBounds(DEFAULTS, 256, 1, 16)).load(greedy));
        assertTrue(side.getMessage().contains("models.maxFrameSide"), side.getMessage());

        // 3 x 32768 x 32768 floats overflow an int; in long arithmetic a frame is 12 GiB, a batch of 16 x 8 of them
        // 1.5 PiB.
        RuntimeConfig.Models raised = DEFAULTS.withBounds(65536, 64, Long.MAX_VALUE);
        ModelRejectedException bytes = assertThrows(ModelRejectedException.class,
                () -> loader(new ModelBounds(raised, 256, 1, 16)).load(greedy));
        assertTrue(bytes.getMessage().contains("more than one buffer can hold"), bytes.getMessage());
        assertTrue(bytes.getMessage().contains("1572864.0 MiB"), bytes.getMessage());
    }

    @Test
    void windowsLongerThanTheLimitAreRejectedNamingTheKey() throws Exception {
        Path greedy = TestModels.greedy(dir.resolve("long.onnx"), "long", 65, 8, 8);
        ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> loader(new ModelBounds(DEFAULTS, 256, 1, 16)).load(greedy));
        assertTrue(e.getMessage().contains("models.maxWindowFrames = 64"), e.getMessage());
    }

    @Test
    void theBufferLimitCountsTheConfiguredStreamsRingAndBatch() throws Exception {
        // 8 frames of 3 x 256 x 256: 768 KiB a frame. One stream, ring 256, batch 16: about 300 MiB.
        Path model = TestModels.greedy(dir.resolve("wide.onnx"), "wide", 8, 256, 256);
        try (LoadedModel m = loader(new ModelBounds(DEFAULTS, 256, 1, 16)).load(model)) {
            assertFalse(m.split());
        }
        // 64 streams and a ring of 1024: 768 MiB of slots plus 384 MiB of windows, over 1 GiB.
        ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> loader(new ModelBounds(DEFAULTS, 1024, 64, 16)).load(model));
        assertTrue(e.getMessage().contains("models.maxBufferBytes = 1073741824"), e.getMessage());
        assertTrue(e.getMessage().contains("64 stream window(s)"), e.getMessage());
    }

    @Test
    void typicalModelsOf224SquaredFramesAnd32FrameWindowsFitTheDefaultsFor16Streams() {
        ModelBounds bounds = new ModelBounds(DEFAULTS, 256, 16, 16);
        var spec = TestModels.spec("typical", "1", 32, 224, 224);
        assertDoesNotThrow(() -> bounds.checkBuffers(spec, 0, "typical.onnx"));
        assertEquals(512, DEFAULTS.maxFrameSide());
    }
}
