package dev.actionstream.runtime.capture;

import dev.actionstream.config.PixelFormat;

import java.nio.ByteBuffer;

/**
 * Nearest-neighbour downscaling of a decoded frame to BGR rows of at most {@code maxWidth} (even sides, as yuv420p
 * video needs), keeping the aspect. Capture stores frames for clips a model later resizes to 32..128 px, so the
 * sampling is good enough and costs one read per output byte. The column table is rebuilt only when the input size
 * changes; one instance belongs to one grabber thread.
 */
final class FrameDownscaler {

    private final int maxWidth;
    private int inWidth = -1;
    private int inHeight = -1;
    private int outWidth;
    private int outHeight;
    /** Byte offset in a source row of each output column's pixel. */
    private int[] columns = new int[0];
    private int bytesPerPixel;

    FrameDownscaler(int maxWidth) {
        this.maxWidth = maxWidth;
    }

    /** Prepares for frames of this size and format; true when the output size changed. */
    boolean resize(int width, int height, PixelFormat format) {
        if (width == inWidth && height == inHeight && format.bytesPerPixel() == bytesPerPixel) {
            return false;
        }
        inWidth = width;
        inHeight = height;
        bytesPerPixel = format.bytesPerPixel();
        int w = Math.min(maxWidth, width) & ~1;
        int h = (int) Math.round((double) height * w / width) & ~1;
        outWidth = Math.max(16, w);
        outHeight = Math.max(16, h);
        columns = new int[outWidth];
        for (int x = 0; x < outWidth; x++) {
            columns[x] = (int) ((long) x * width / outWidth) * bytesPerPixel;
        }
        return true;
    }

    int outWidth() {
        return outWidth;
    }

    int outHeight() {
        return outHeight;
    }

    /** Writes the frame as {@code outWidth × outHeight} BGR rows into {@code dst}; {@code src}'s position is kept. */
    void scale(ByteBuffer src, int rowStride, PixelFormat format, byte[] dst) {
        int r = format.redOffset();
        int g = format.greenOffset();
        int b = format.blueOffset();
        int out = 0;
        for (int y = 0; y < outHeight; y++) {
            int row = (int) ((long) y * inHeight / outHeight) * rowStride;
            for (int x = 0; x < outWidth; x++, out += 3) {
                int in = row + columns[x];
                dst[out] = src.get(in + b);
                dst[out + 1] = src.get(in + g);
                dst[out + 2] = src.get(in + r);
            }
        }
    }
}
