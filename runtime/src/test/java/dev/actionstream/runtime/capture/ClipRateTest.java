package dev.actionstream.runtime.capture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rate a captured clip plays at. */
class ClipRateTest {

    /** Frames 40 ms apart on the source's clock that arrived at {@code arrivals} (ms). */
    private static List<StoredFrame> frames(long[] arrivals, long[] mediaMicros) {
        List<StoredFrame> out = new ArrayList<>();
        for (int i = 0; i < arrivals.length; i++) {
            out.add(new StoredFrame(new byte[0], i, arrivals[i], mediaMicros[i]));
        }
        return out;
    }

    @Test
    void aClipOfA25FpsSourceWhoseFramesArrivedLateAndBunchedPlaysAt25Fps() {
        // A loaded machine: 10 frames of a 25 fps source arrive over 320 ms instead of 360 (the wall clock says 28).
        long[] arrivals = {1000, 1040, 1120, 1125, 1130, 1200, 1240, 1250, 1300, 1320};
        long[] media = new long[10];
        for (int i = 0; i < 10; i++) {
            media[i] = 5_000_000 + 40_000L * i;
        }
        assertEquals(25.0, ClipStore.rate(frames(arrivals, media)));
    }

    @Test
    void presentationTimeRestartingInsideTheClipFallsBackToCaptureTimes() {
        // A looped file or a reconnect: the source's clock starts over after the 3rd frame.
        long[] arrivals = {0, 50, 100, 150, 200};
        long[] media = {800_000, 850_000, 900_000, 0, 50_000};
        assertEquals(20.0, ClipStore.rate(frames(arrivals, media)));
    }
}
