package dev.actionstream.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The benchmark times the same work on both paths: the native preparation's floats equal the previous Java path's
 * to float rounding on the benchmark's own frames (both are the exact area mean), from a direct and a heap buffer.
 */
class FramePreparationBenchmarkTest {

    @Test
    void nativeAndJavaPathsWriteTheSameFloatsOnTheBenchmarkFrames() {
        for (String source : new String[] {"640x480", "1280x720", "320x240", "64x64"}) {
            for (String buffer : new String[] {"direct", "heap"}) {
                FramePreparationBenchmark b = new FramePreparationBenchmark();
                b.source = source;
                b.buffer = buffer;
                b.setUp();
                float[] viaNative = b.prepare().clone();
                float[] viaJava = b.javaPath();
                double worst = 0;
                for (int i = 0; i < viaJava.length; i++) {
                    worst = Math.max(worst, Math.abs(viaNative[i] - viaJava[i]));
                }
                assertEquals(0, worst, 1e-6, source + " " + buffer);
            }
        }
    }
}
