package dev.actionstream.config;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Size;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Objects;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * The one frame-preparation code: decoded 8-bit interleaved frame → area/linear resize → channel order → float
 * normalisation, written planar ({@code [channel][row][column]}) into a caller-supplied array. The trainer and the
 * runtime both call this, so a model sees live exactly what it saw in training.
 *
 * <p>Shrinking (every camera frame for a small model) is the exact area mean: OpenCV's vectorised native
 * {@code split} and {@code integral} sum each 8-bit channel plane once (32-bit integers, exact), and each target
 * sample is then the sum over its footprint read off four corners of that table — bilinearly interpolated where a
 * footprint boundary falls inside a pixel (640x480 → 64x64: every 7.5 rows), which is exact because the running sum
 * is linear within a pixel.
 * That is what {@code INTER_AREA} computes, to float rounding, without its per-tap loops. Enlarging an axis (a frame
 * smaller than the model) converts the frame to float and resizes each axis on its own with OpenCV:
 * {@code INTER_AREA} where it shrinks, {@code INTER_LINEAR} where it grows (between the two nearest pixel centres).
 * Channel order, luma (for a one-channel model fed a colour frame, taken after the resize: it is linear) and the
 * normalisation are then one pass over the model-sized samples in Java.
 *
 * <p>Not thread-safe: an instance keeps its native images, so preparing a frame allocates nothing once the source
 * geometry is known (a direct source buffer is read in place and its header kept while the same buffer comes back,
 * as a decoder's reused frame does; a heap buffer is copied into a native image). Use one instance per thread (or
 * per stream). OpenCV's own thread pool is switched off: callers prepare on their own threads, one per stream.
 */
public final class FramePreparer {

    private static final float INV_255 = 1f / 255f;

    static {
        Loader.load(opencv_imgproc.class);
        // A frame is too small to split among threads, and every stream already prepares on its own thread.
        opencv_core.setNumThreads(0);
    }

    private final int height;
    private final int width;
    private final int channels;
    private final ChannelOrder order;
    private final float[] scale;
    private final float[] offset;

    /** Source geometry the images below were made for; -1 before the first frame. */
    private int srcWidth = -1;
    private int srcHeight = -1;
    private int srcStride = -1;
    private PixelFormat srcFormat;
    /** The direct buffer {@link #source} reads in place, or null when frames are copied into {@link #staging}. */
    private ByteBuffer wrapped;
    private Mat source;
    private Mat staging;
    private ByteBuffer stagingBytes;
    /**
     * Shrinking: the frame split into one 8-bit plane per channel (OpenCV's one-channel integral is vectorised, its
     * three-channel one is not), and each plane's running sums, {@code (srcHeight + 1) x (srcWidth + 1)} 32-bit
     * integers.
     */
    private Mat[] planes = new Mat[0];
    private MatVector planeVector;
    private Mat[] sums = new Mat[0];
    private IntBuffer[] sumsViews = new IntBuffer[0];
    /** Shrinking: per target column (row) boundary, the pixel it falls in and how far into it. */
    private int[] columnAt;
    private double[] columnFraction;
    private int[] rowAt;
    private double[] rowFraction;
    /** Shrinking: the running sum at every footprint corner, {@code (height + 1) x (width + 1) x cn}. */
    private double[] corners;
    private double footprintArea;
    /** Enlarging: true while some axis grows; the float images its resize steps go through. */
    private boolean enlarging;
    private final Mat floats = new Mat();
    private final Mat horizontal = new Mat();
    private final Mat resized = new Mat();
    private Size horizontalSize;
    private Size targetSize;
    private int horizontalInterpolation;
    private int verticalInterpolation;
    private boolean resizeColumns;
    private boolean resizeRows;
    private FloatBuffer resizedView;
    /** The target's samples in 0..255 units, interleaved in the source's channel order. */
    private float[] samples = new float[0];
    private final int[] plane = new int[3];

    public FramePreparer(int height, int width, int channels, ChannelOrder order, Normalisation normalisation) {
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

    /**
     * Loads OpenCV's native libraries now if they are not loaded yet (otherwise the first instance does): a second
     * or two the first time on a busy machine, which a caller starting many streams at once does not want on the
     * first frame.
     */
    public static void loadNativeCode() {
        // Class initialisation (the static block above) has loaded them by the time this runs.
    }

    public static FramePreparer forSpec(ModelSpec spec) {
        return new FramePreparer(spec.frameHeight(), spec.frameWidth(), spec.channels(), spec.channelOrder(),
                spec.normalisation());
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
        if (srcWidth != this.srcWidth || srcHeight != this.srcHeight || format != srcFormat) {
            plan(srcWidth, srcHeight, format);
        }
        Mat in = sourceImage(src, rowStride, format);
        if (enlarging) {
            enlarge(in, bpp);
        } else {
            shrink(in, bpp);
        }
        writePlanar(bpp, format, dst, dstOffset);
    }

    /** Exact area means from the frame's running sums (see the class comment). */
    private void shrink(Mat in, int cn) {
        if (cn == 1) {
            opencv_imgproc.integral(in, sums[0], opencv_core.CV_32S);
        } else {
            opencv_core.split(in, planeVector);
            for (int c = 0; c < cn; c++) {
                opencv_imgproc.integral(planes[c], sums[c], opencv_core.CV_32S);
            }
        }
        int rowInts = srcWidth + 1;
        double[] corner = corners;
        for (int c = 0; c < cn; c++) {
            if (sumsViews[c] == null) {
                sumsViews[c] = sums[c].createBuffer();
            }
            IntBuffer table = sumsViews[c];
            int k = c;
            for (int yb = 0; yb <= height; yb++) {
                int y = rowAt[yb];
                double fy = rowFraction[yb];
                int top = y * rowInts;
                int below = fy == 0 ? top : top + rowInts;
                for (int xb = 0; xb <= width; xb++, k += cn) {
                    int x = columnAt[xb];
                    double fx = columnFraction[xb];
                    int right = fx == 0 ? x : x + 1;
                    double upper = table.get(top + x) + fx * (table.get(top + right) - table.get(top + x));
                    double lower = table.get(below + x) + fx * (table.get(below + right) - table.get(below + x));
                    corner[k] = upper + fy * (lower - upper);
                }
            }
        }
        int cornerRow = (width + 1) * cn;
        double inverseArea = 1 / footprintArea;
        float[] out = samples;
        int o = 0;
        for (int ty = 0; ty < height; ty++) {
            int r0 = ty * cornerRow;
            int r1 = r0 + cornerRow;
            for (int tx = 0; tx < width; tx++) {
                int c0 = tx * cn;
                int c1 = c0 + cn;
                for (int c = 0; c < cn; c++) {
                    double sum = corner[r1 + c1 + c] - corner[r1 + c0 + c] - corner[r0 + c1 + c] + corner[r0 + c0 + c];
                    out[o++] = (float) (sum * inverseArea);
                }
            }
        }
    }

    /** A frame smaller than the model along some axis: float resize per axis. */
    private void enlarge(Mat in, int cn) {
        in.convertTo(floats, opencv_core.CV_32F);
        Mat current = floats;
        if (resizeColumns) {
            resize(current, horizontal, horizontalSize, 0, 0, horizontalInterpolation);
            current = horizontal;
        }
        if (resizeRows) {
            resize(current, resized, targetSize, 0, 0, verticalInterpolation);
            current = resized;
        }
        if (resizedView == null) {
            resizedView = current.createBuffer();
        }
        resizedView.get(0, samples, 0, width * height * cn);
    }

    /** Decides the steps for a new source geometry and makes their images (once per geometry). */
    private void plan(int w, int h, PixelFormat format) {
        int cn = format.bytesPerPixel();
        enlarging = width > w || height > h;
        if (enlarging) {
            resizeColumns = w != width;
            resizeRows = h != height;
            horizontalSize = new Size(width, h);
            targetSize = new Size(width, height);
            horizontalInterpolation = width < w ? INTER_AREA : INTER_LINEAR;
            verticalInterpolation = height < h ? INTER_AREA : INTER_LINEAR;
            resizedView = null;
        } else {
            columnAt = new int[width + 1];
            columnFraction = new double[width + 1];
            boundaries(w, width, columnAt, columnFraction);
            rowAt = new int[height + 1];
            rowFraction = new double[height + 1];
            boundaries(h, height, rowAt, rowFraction);
            corners = new double[(height + 1) * (width + 1) * cn];
            footprintArea = ((double) w / width) * ((double) h / height);
            planes = new Mat[cn];
            sums = new Mat[cn];
            sumsViews = new IntBuffer[cn];
            for (int c = 0; c < cn; c++) {
                planes[c] = new Mat(h, w, opencv_core.CV_8UC1);
                sums[c] = new Mat(h + 1, w + 1, opencv_core.CV_32SC1);
            }
            // split() writes into these planes' own memory: they are the size and type it makes.
            planeVector = new MatVector(planes);
        }
        if (samples.length < width * height * cn) {
            samples = new float[width * height * cn];
        }
        wrapped = null;
        source = null;
        staging = null;
        srcWidth = w;
        srcHeight = h;
        srcStride = -1;
        srcFormat = format;
        switch (format) {
            case BGR24 -> {
                plane[0] = 2;
                plane[1] = 1;
                plane[2] = 0;
            }
            case RGB24 -> {
                plane[0] = 0;
                plane[1] = 1;
                plane[2] = 2;
            }
            case GRAY8 -> {
                plane[0] = 0;
                plane[1] = 0;
                plane[2] = 0;
            }
        }
    }

    /**
     * Where target boundary {@code i} (at {@code i * source / target} pixels) falls: the pixel, and the fraction into
     * it (0 at a pixel edge, so the last boundary, at the far edge, reads no pixel beyond it).
     */
    private static void boundaries(int source, int target, int[] at, double[] fraction) {
        for (int i = 0; i <= target; i++) {
            // In integers first, so whole-pixel boundaries come out exactly whole.
            long scaled = (long) i * source;
            at[i] = (int) (scaled / target);
            fraction[i] = (double) (scaled % target) / target;
        }
    }

    /** The frame as an OpenCV image: read in place when it is a direct buffer, else copied into a native one. */
    private Mat sourceImage(ByteBuffer src, int rowStride, PixelFormat format) {
        int bpp = format.bytesPerPixel();
        if (src.isDirect()) {
            if (src != wrapped || rowStride != srcStride) {
                // A new buffer (a decoder reuses one per stream, so this happens once per stream and geometry).
                BytePointer data = new BytePointer(src);
                data.position(0);
                source = new Mat(srcHeight, srcWidth, opencv_core.CV_8UC(bpp), data, rowStride);
                wrapped = src;
                srcStride = rowStride;
            }
            return source;
        }
        if (staging == null) {
            staging = new Mat(srcHeight, srcWidth, opencv_core.CV_8UC(bpp));
            stagingBytes = staging.createBuffer();
            wrapped = null;
        }
        int rowBytes = srcWidth * bpp;
        if (rowStride == rowBytes) {
            stagingBytes.put(0, src, 0, rowBytes * srcHeight);
        } else {
            for (int y = 0; y < srcHeight; y++) {
                stagingBytes.put(y * rowBytes, src, y * rowStride, rowBytes);
            }
        }
        return staging;
    }

    /** Model-sized interleaved samples (0..255, source channel order) → planar, model channel order, normalised. */
    private void writePlanar(int bpp, PixelFormat format, float[] dst, int dstOffset) {
        float[] in = samples;
        int pixels = height * width;
        if (channels == 3) {
            for (int c = 0; c < 3; c++) {
                // plane[] maps RGB to the source's byte order; the model's BGR order reads the other way round.
                int from = plane[order == ChannelOrder.RGB ? c : 2 - c];
                float s = scale[c];
                float o = offset[c];
                int out = dstOffset + c * pixels;
                for (int i = 0, p = from; i < pixels; i++, p += bpp) {
                    dst[out + i] = in[p] * s + o;
                }
            }
        } else if (format == PixelFormat.GRAY8) {
            for (int i = 0; i < pixels; i++) {
                dst[dstOffset + i] = in[i] * scale[0] + offset[0];
            }
        } else {
            int r = format.redOffset();
            int g = format.greenOffset();
            int b = format.blueOffset();
            for (int i = 0, p = 0; i < pixels; i++, p += bpp) {
                float luma = 0.299f * in[p + r] + 0.587f * in[p + g] + 0.114f * in[p + b];
                dst[dstOffset + i] = luma * scale[0] + offset[0];
            }
        }
    }
}
