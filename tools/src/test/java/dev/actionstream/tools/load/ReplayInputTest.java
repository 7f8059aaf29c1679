package dev.actionstream.tools.load;

import dev.actionstream.config.PixelFormat;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayInputTest {

    @Test
    void replaysTheLoopFromItsStartingFrameReusingTheSameBuffers() {
        byte[][] frames = {{10, 0, 0}, {11, 0, 0}, {12, 0, 0}};
        List<ByteBuffer> seen = new ArrayList<>();
        List<Integer> firstBytes = new ArrayList<>();
        try (ReplayInput input = new ReplayInput(frames, 1, 1, 2, 0)) {
            for (int i = 0; i < 5; i++) {
                assertTrue(input.next((pixels, w, h, stride, format, mediaMicros) -> {
                    assertEquals(PixelFormat.BGR24, format);
                    assertEquals(3, stride);
                    seen.add(pixels);
                    firstBytes.add((int) pixels.get(0));
                }));
            }
        }
        assertEquals(List.of(12, 10, 11, 12, 10), firstBytes);
        assertSame(seen.get(0), seen.get(3), "a replayed frame must reuse its buffer");
        assertTrue(seen.get(0).isReadOnly(), "frames are shared between streams: read-only");
    }

    @Test
    void rendersTheSyntheticSourceOnceAtTheRequestedSize() {
        PrerenderedFrames frames = PrerenderedFrames.render(32, 24, 30, 3);
        assertEquals(3, frames.count());
        assertEquals(32, frames.width());
        assertEquals(24, frames.height());
        assertTrue(frames.renderMillisPerFrame() > 0);
    }
}
