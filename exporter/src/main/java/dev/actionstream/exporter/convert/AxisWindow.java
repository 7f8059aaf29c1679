package dev.actionstream.exporter.convert;

import org.deeplearning4j.nn.conf.ConvolutionMode;

/** Padding and output size of a convolution or pooling along one axis, computed the way DL4J's ConvolutionUtils does. */
record AxisWindow(long before, long after, long out) {

    static AxisWindow of(SourceLayer layer, ConvolutionMode mode, long in, int k, int s, int d, int pad) {
        long effective = (long) (k - 1) * d + 1;
        if (mode == ConvolutionMode.Same) {
            long out = (in + s - 1) / s;
            long total = Math.max((out - 1) * s + effective - in, 0);
            return new AxisWindow(total / 2, total - total / 2, out);
        }
        if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            long out = (in + 2L * pad - effective) / s + 1;
            if (out <= 0) {
                throw layer.unsupported("input of size " + in + " is smaller than the kernel");
            }
            return new AxisWindow(pad, pad, out);
        }
        throw layer.unsupported("convolution mode " + mode + " is not supported");
    }
}
