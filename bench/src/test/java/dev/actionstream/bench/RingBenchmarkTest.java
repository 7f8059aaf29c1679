package dev.actionstream.bench;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.PixelFormat;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RingBenchmarkTest {

    @Test
    void everyPublishedFrameReachesTheConsumerPrepared() throws Exception {
        RingBenchmark bench = new RingBenchmark();
        try {
            bench.setUp();
            RingBenchmark.Producer producer = new RingBenchmark.Producer();
            producer.setUp(bench);
            RingBenchmark.FullRing full = new RingBenchmark.FullRing();

            long last = bench.publishAndConsume(producer, full);
            assertEquals(RingBenchmark.FRAMES_PER_INVOCATION - 1, last);
            assertEquals(last, bench.consumer().consumed());
            last = bench.publishAndConsume(producer, full);
            assertEquals(2L * RingBenchmark.FRAMES_PER_INVOCATION - 1, last);

            var spec = SeedsModels.spec(Architecture.LRCN);
            float[] expected = new float[spec.frameSize()];
            FramePreparer.forSpec(spec).prepare(producer.pixels, SeedsModels.SIZE, SeedsModels.SIZE,
                    SeedsModels.SIZE * 3, PixelFormat.BGR24, expected, 0);
            float[] window = bench.consumer().window(0);
            float[] newest = new float[spec.frameSize()];
            int slot = (int) ((2L * RingBenchmark.FRAMES_PER_INVOCATION - 1) % spec.framesPerWindow());
            System.arraycopy(window, slot * spec.frameSize(), newest, 0, newest.length);
            assertArrayEquals(expected, newest);
        } finally {
            bench.tearDown();
        }
    }
}
