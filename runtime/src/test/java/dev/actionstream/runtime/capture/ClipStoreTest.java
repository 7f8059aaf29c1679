package dev.actionstream.runtime.capture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClipStoreTest {

    @Test
    void clipRateFollowsTheSourceClockNotCaptureJitter() {
        // 16 frames of a 25 fps source whose capture times bunched up (a busy machine catching up): by the wall
        // clock the clip would claim 28+ fps and train a model at the wrong time scale.
        List<StoredFrame> frames = new ArrayList<>();
        long wall = 1_000;
        for (int i = 0; i < 16; i++) {
            wall += i % 4 == 3 ? 10 : 36;
            frames.add(new StoredFrame(new byte[0], i, wall, 40_000L * i));
        }
        double byWall = (frames.size() - 1) * 1000.0 / (frames.get(15).captureMillis() - frames.get(0).captureMillis());
        assertEquals(true, byWall > 27, "the wall clock says " + byWall);
        assertEquals(25.0, ClipStore.rate(frames), 1e-9);
    }

    @Test
    void clipRateKeepsAnUnevenRateItCannotSnap() {
        List<StoredFrame> frames = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            frames.add(new StoredFrame(new byte[0], i, 40L * i, 80_000L * i));
        }
        assertEquals(12.5, ClipStore.rate(frames), 1e-9);
    }
}
