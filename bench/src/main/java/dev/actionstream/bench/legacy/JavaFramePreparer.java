package dev.actionstream.bench.legacy;

import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.PixelFormat;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The previous build's frame preparation (until 2026-12-03), unchanged: area/linear resize by precomputed per-axis
 * tables, channel order and normalisation, all in Java, written planar into a caller-supplied array. Kept only so that
 * benchmarks can time {@link dev.actionstream.config.FramePreparer}, the one preparation code, against it in the same
 * run; nothing else uses it. Not thread-safe; allocates nothing per frame once the source geometry is known.
 */
public final class JavaFramePreparer {

    private static final float INV_255 = 1f / 255f;

    private final int height;
    private final int width;
    private final int channels;
    private final ChannelOrder order;
    private final float[] scale;
    private final float[] offset;

    private ResampleTable columns;
    private ResampleTable rows;
    private float[] horizontal = new float[0];

    public JavaFramePreparer(int height, int width, int channels, ChannelOrder order, Normalisation normalisation) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("frame size must be > 0, got " + height + "x" + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.order = Objects.requireNonNull(order, "order");
        Objects.requireNonNull(normalisation, "normalisation");
        this.scale = new float[channels];
        this.offset = new float[channels];
        for (int c = 0; c < channels; c++) {
            // (v / 255 - mean) / std, folded into one multiply-add per sample.
            scale[c] = INV_255 / normalisation.stdOf(c);
            offset[c] = -normalisation.meanOf(c) / normalisation.stdOf(c);
        }
    }

    /** Floats written per frame: {@code channels * height * width}. */
    public int frameSize() {
        return channels * height * width;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    /**
     * Prepares one frame.
     *
     * @param src       interleaved pixels starting at {@code src}'s index 0 (absolute reads; position is ignored)
     * @param srcWidth  pixels per row
     * @param srcHeight rows
     * @param rowStride bytes from one row to the next (at least {@code srcWidth * bytesPerPixel})
     * @param format    byte layout of a pixel
     * @param dst       destination; {@code frameSize()} floats are written from {@code dstOffset}
     */
    public void prepare(ByteBuffer src, int srcWidth, int srcHeight, int rowStride, PixelFormat format,
                        float[] dst, int dstOffset) {
        int bpp = format.bytesPerPixel();
        if (srcWidth <= 0 || srcHeight <= 0) {
            throw new IllegalArgumentException("empty frame " + srcWidth + "x" + srcHeight);
        }
        if (rowStride < srcWidth * bpp || (long) rowStride * (srcHeight - 1) + (long) srcWidth * bpp > src.limit()) {
            throw new IllegalArgumentException("frame buffer too small for " + srcWidth + "x" + srcHeight
                    + " " + format + " with stride " + rowStride + ": " + src.limit() + " bytes");
        }
        if (dstOffset < 0 || dstOffset + frameSize() > dst.length) {
            throw new IndexOutOfBoundsException("destination holds " + dst.length + " floats, need "
                    + frameSize() + " from " + dstOffset);
        }
        ensureTables(srcWidth, srcHeight);
        int[] srcChannel = sourceChannelOffsets(format);
        horizontalPass(src, srcHeight, rowStride, format, srcChannel);
        verticalPass(dst, dstOffset);
    }

    /** Byte offset within a source pixel for each output plane, in model channel order. */
    private int[] sourceChannelOffsets(PixelFormat format) {
        return switch (order) {
            case RGB -> format == PixelFormat.RGB24 ? RGB_FROM_RGB : format == PixelFormat.BGR24 ? RGB_FROM_BGR : GRAY;
            case BGR -> format == PixelFormat.RGB24 ? BGR_FROM_RGB : format == PixelFormat.BGR24 ? BGR_FROM_BGR : GRAY;
        };
    }

    private static final int[] RGB_FROM_RGB = {0, 1, 2};
    private static final int[] RGB_FROM_BGR = {2, 1, 0};
    private static final int[] BGR_FROM_RGB = {2, 1, 0};
    private static final int[] BGR_FROM_BGR = {0, 1, 2};
    private static final int[] GRAY = {0, 0, 0};

    private void ensureTables(int srcWidth, int srcHeight) {
        if (columns == null || columns.sourceSize != srcWidth) {
            columns = new ResampleTable(srcWidth, width);
        }
        if (rows == null || rows.sourceSize != srcHeight) {
            rows = new ResampleTable(srcHeight, height);
        }
        int needed = srcHeight * width * channels;
        if (horizontal.length < needed) {
            horizontal = new float[needed];
        }
    }

    /** Resamples every source row to {@code width} columns: {@code horizontal[y][x][c]} in 0..255 units. */
    private void horizontalPass(ByteBuffer src, int srcHeight, int rowStride, PixelFormat format, int[] channelOffset) {
        ResampleTable t = columns;
        float[] out = horizontal;
        int bpp = format.bytesPerPixel();
        boolean lumaOutput = channels == 1 && format != PixelFormat.GRAY8;
        int r = format.redOffset();
        int g = format.greenOffset();
        int b = format.blueOffset();
        for (int y = 0; y < srcHeight; y++) {
            int rowBase = y * rowStride;
            int outRow = y * width * channels;
            for (int x = 0; x < width; x++) {
                int j0 = t.first[x];
                int taps = t.taps[x];
                int wBase = x * t.maxTaps;
                int outBase = outRow + x * channels;
                if (lumaOutput) {
                    float acc = 0f;
                    for (int k = 0; k < taps; k++) {
                        int p = rowBase + (j0 + k) * bpp;
                        float luma = 0.299f * (src.get(p + r) & 0xFF) + 0.587f * (src.get(p + g) & 0xFF)
                                + 0.114f * (src.get(p + b) & 0xFF);
                        acc += t.weights[wBase + k] * luma;
                    }
                    out[outBase] = acc;
                } else if (channels == 3) {
                    // All three channels per tap: one weight load and sequential reads; each channel is still summed
                    // in tap order, so the floats are bit-identical to the per-channel loop (~1.5x faster).
                    int c0 = channelOffset[0];
                    int c1 = channelOffset[1];
                    int c2 = channelOffset[2];
                    float a0 = 0f;
                    float a1 = 0f;
                    float a2 = 0f;
                    int p = rowBase + j0 * bpp;
                    for (int k = 0; k < taps; k++) {
                        float wk = t.weights[wBase + k];
                        a0 += wk * (src.get(p + c0) & 0xFF);
                        a1 += wk * (src.get(p + c1) & 0xFF);
                        a2 += wk * (src.get(p + c2) & 0xFF);
                        p += bpp;
                    }
                    out[outBase] = a0;
                    out[outBase + 1] = a1;
                    out[outBase + 2] = a2;
                } else {
                    for (int c = 0; c < channels; c++) {
                        int co = channelOffset[c];
                        float acc = 0f;
                        for (int k = 0; k < taps; k++) {
                            acc += t.weights[wBase + k] * (src.get(rowBase + (j0 + k) * bpp + co) & 0xFF);
                        }
                        out[outBase + c] = acc;
                    }
                }
            }
        }
    }

    private void verticalPass(float[] dst, int dstOffset) {
        ResampleTable t = rows;
        float[] in = horizontal;
        int plane = height * width;
        int rowFloats = width * channels;
        for (int y = 0; y < height; y++) {
            int j0 = t.first[y];
            int taps = t.taps[y];
            int wBase = y * t.maxTaps;
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    float acc = 0f;
                    int idx = j0 * rowFloats + x * channels + c;
                    for (int k = 0; k < taps; k++) {
                        acc += t.weights[wBase + k] * in[idx];
                        idx += rowFloats;
                    }
                    dst[dstOffset + c * plane + y * width + x] = acc * scale[c] + offset[c];
                }
            }
        }
    }
}
