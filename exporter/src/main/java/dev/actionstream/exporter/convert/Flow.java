package dev.actionstream.exporter.convert;

import java.util.Arrays;

/**
 * An activation travelling through the graph being built: the ONNX tensor's name, its layout, and its per-item shape
 * ({@code [C, H, W]} for image layouts, {@code [F]} for sequences and flat vectors).
 */
record Flow(String tensor, Layout layout, long[] dims) {

    Flow {
        dims = dims.clone();
    }

    long channels() {
        return dims[0];
    }

    long height() {
        return dims[1];
    }

    long width() {
        return dims[2];
    }

    /** Elements per item: {@code C*H*W} or {@code F}. */
    long size() {
        long s = 1;
        for (long d : dims) {
            s *= d;
        }
        return s;
    }

    boolean isImages() {
        return layout == Layout.NT_IMAGES || layout == Layout.TN_IMAGES;
    }

    @Override
    public String toString() {
        return tensor + " " + layout + Arrays.toString(dims);
    }
}
