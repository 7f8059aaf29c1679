package dev.actionstream.runtime.ring;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FrameWriterTest {

    @TempDir
    Path dir;

    private ModelRegistry models;

    @AfterEach
    void close() {
        if (models != null) {
            models.closeAll();
        }
    }

    @Test
    void takesTheFramesTheModelsIntervalPicksOnASourceClock() throws Exception {
        models = TestRuntime.registry(dir, new RuntimeMetrics());
        models.loadAndActivate(TestModels.colourSampled(dir.resolve("a.onnx"), "a", "1", 2, 4, 4,
                WindowSampling.rate(25)));
        FrameWriter writer = new FrameWriter(0, models);
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // 30 fps against a 0.04 s interval: the frame nearest each due time, 5 in 6.
            if (writer.takes(Math.round(i * 1e6 / 30))) {
                taken.add(i);
            }
        }
        assertEquals(List.of(0, 1, 2, 4, 5, 6, 7, 8, 10, 11), taken, "due every 40 ms: 0, 33, 67, 133 (nearer 120 than 100), ...");
    }

    @Test
    void aSlotClaimedAcrossASwapToAnotherIntervalCarriesNoFrame() throws Exception {
        models = TestRuntime.registry(dir, new RuntimeMetrics());
        models.loadAndActivate(TestModels.colourSampled(dir.resolve("a.onnx"), "a", "1", 2, 4, 4,
                WindowSampling.rate(25)));
        FrameWriter writer = new FrameWriter(0, models);
        ByteBuffer pixels = ByteBuffer.allocateDirect(8 * 8 * 3);
        FrameStamp stamp = new FrameStamp();
        FrameSlot slot = new FrameSlot(48);

        writer.takes(0);
        writer.set(pixels, 8, 8, 24, PixelFormat.BGR24, stamp.set(0, 1, 1, 0));
        writer.translateTo(slot, 0);
        assertEquals(48, slot.length(), "a frame decided and claimed under one model is prepared");

        writer.takes(40_000);
        models.loadAndActivate(TestModels.colourSampled(dir.resolve("b.onnx"), "b", "1", 2, 4, 4,
                WindowSampling.rate(12.5)));
        writer.set(pixels, 8, 8, 24, PixelFormat.BGR24, stamp.set(1, 2, 2, 40_000));
        writer.translateTo(slot, 1);
        assertEquals(0, slot.length(), "picked on the old model's grid: not prepared for the new one");
        assertSame(models.active(), slot.model());

        assertEquals(true, writer.takes(80_000), "the next frame starts the new model's grid");
        assertEquals(false, writer.takes(120_000));
        assertEquals(true, writer.takes(160_000));
    }
}
