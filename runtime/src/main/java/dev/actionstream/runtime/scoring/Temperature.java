package dev.actionstream.runtime.scoring;

import java.nio.FloatBuffer;

/**
 * Temperature scaling of probabilities a graph has already put through its softmax: {@code softmax(logits / T)} is
 * {@code p^(1/T)} renormalised, so the runtime can calibrate a model whose export left the division out
 * ({@code calibration.temperatureInGraph: false}). In place, allocation-free.
 */
public final class Temperature {

    private Temperature() {
    }

    /** Rescales {@code classes} probabilities from {@code buffer[offset]} to temperature {@code t}. */
    public static void apply(FloatBuffer buffer, int offset, int classes, double t) {
        double inverse = 1.0 / t;
        // Powers of the ratio to the largest keep the arithmetic in range whatever T is.
        double max = 0;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, buffer.get(offset + c));
        }
        if (!(max > 0)) {
            return;
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.pow(buffer.get(offset + c) / max, inverse);
        }
        for (int c = 0; c < classes; c++) {
            buffer.put(offset + c, (float) (Math.pow(buffer.get(offset + c) / max, inverse) / sum));
        }
    }
}
