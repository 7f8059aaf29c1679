package dev.actionstream.runtime.view;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.status.StreamState;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.imageio.IIOImage;

/**
 * One stream's live view: the latest tapped frame, the latest label, and who watches.
 *
 * <p>Threads: the grabber copies a frame in ({@link #offer}) only while someone watches and the capped rate allows,
 * and never waits: if the {@code view-jpeg} thread holds the frame, the frame is skipped. The {@code view-jpeg}
 * thread copies the frame out into its canvas ({@link #takeFrame}) under the same short lock, then draws and encodes
 * without it. The scoring thread sets the label (one volatile write).
 *
 * <p>Buffers are allocated on the first frame and again only when the resolution changes.
 */
final class StreamView {

    private final String name;
    private final long periodNanos;
    private final AtomicInteger watchers = new AtomicInteger();
    private final MjpegViewers mjpeg;
    private final List<OverlayListener> listeners = new CopyOnWriteArrayList<>();

    private volatile long nextDueNanos;
    private volatile LabelEvent label;
    /** The stream's state ({@code null} until a grabber says) and why (null while fine); written rarely. */
    private volatile StreamState state;
    private volatile String reason;
    /** Something the overlay shows changed (label, state) since the last drawn frame. */
    private volatile boolean changed;
    private volatile double fps;
    /** Grabber thread only: the previous tapped frame, for the decode rate. */
    private long fpsIndex = -1;
    private long fpsMillis;

    private final ReentrantLock frameLock = new ReentrantLock();
    /** Guarded by {@link #frameLock}: the latest tapped frame as BGR rows without padding. */
    private byte[] latest = new byte[0];
    private int latestWidth;
    private int latestHeight;
    private long latestIndex;
    private boolean fresh;

    /** {@code view-jpeg} thread only. */
    private BufferedImage canvas;
    private byte[] canvasBytes;
    private Graphics2D graphics;
    private IIOImage wrapped;
    private long canvasIndex;
    private long lastDrawnNanos;

    StreamView(String name, long periodNanos, MjpegViewers mjpeg) {
        this.name = name;
        this.periodNanos = periodNanos;
        this.mjpeg = mjpeg;
        this.nextDueNanos = System.nanoTime();
    }

    String name() {
        return name;
    }

    MjpegViewers mjpeg() {
        return mjpeg;
    }

    /** Windows and other in-process watchers; iterated on every drawn frame, changed rarely. */
    List<OverlayListener> listeners() {
        return listeners;
    }

    /** Someone (an MJPEG client, a window) started watching; frames are tapped from now on. */
    void watch() {
        watchers.incrementAndGet();
    }

    void unwatch() {
        watchers.decrementAndGet();
    }

    int watchers() {
        return watchers.get();
    }

    boolean wanted(long nowNanos) {
        return watchers.get() > 0 && nowNanos - nextDueNanos >= 0;
    }

    /** Grabber thread. Returns whether the frame was taken. */
    boolean offer(long frameIndex, long captureMillis, ByteBuffer pixels, int width, int height, int rowStride,
                  PixelFormat format) {
        long now = System.nanoTime();
        if (!wanted(now) || !frameLock.tryLock()) {
            return false;
        }
        try {
            int size = width * height * 3;
            if (latest.length != size) {
                latest = new byte[size];
            }
            copyAsBgr(pixels, width, height, rowStride, format, latest);
            latestWidth = width;
            latestHeight = height;
            latestIndex = frameIndex;
            fresh = true;
        } finally {
            frameLock.unlock();
        }
        // More than a period late (nobody watched, or a slow source): the schedule restarts rather than bursting.
        long due = nextDueNanos + periodNanos;
        nextDueNanos = now - due > periodNanos ? now + periodNanos : due;
        updateFps(frameIndex, captureMillis);
        return true;
    }

    private void updateFps(long frameIndex, long captureMillis) {
        long frames = frameIndex - fpsIndex;
        long millis = captureMillis - fpsMillis;
        if (fpsIndex >= 0 && frames > 0 && millis > 0 && millis < 2_000) {
            double instant = frames * 1000.0 / millis;
            fps = fps == 0 ? instant : 0.7 * fps + 0.3 * instant;
        }
        fpsIndex = frameIndex;
        fpsMillis = captureMillis;
    }

    /**
     * {@code view-jpeg} thread: moves a fresh frame into the canvas; false when there is none. Holds the grabber's
     * lock only for one array copy.
     */
    boolean takeFrame() {
        frameLock.lock();
        try {
            if (!fresh) {
                return false;
            }
            if (canvas == null || canvas.getWidth() != latestWidth || canvas.getHeight() != latestHeight) {
                newCanvas(latestWidth, latestHeight);
            }
            System.arraycopy(latest, 0, canvasBytes, 0, canvasBytes.length);
            canvasIndex = latestIndex;
            fresh = false;
            return true;
        } finally {
            frameLock.unlock();
        }
    }

    /**
     * {@code view-jpeg} thread, when no fresh frame came: whether the last frame should be drawn again now, because
     * what the overlay says changed, or nothing was drawn for {@code idleNanos} (a stream that failed, ended or
     * waits to reconnect still shows its state to viewers who join). Never more often than the view's rate.
     */
    boolean redrawDue(long nowNanos, long idleNanos) {
        if (watchers.get() == 0 || nowNanos - lastDrawnNanos < periodNanos) {
            return false;
        }
        if (latestWidth == 0 && (state == null || state == StreamState.RUNNING)) {
            return false; // no video yet and nothing wrong: the first frame is on its way
        }
        return changed || nowNanos - lastDrawnNanos >= idleNanos;
    }

    /**
     * {@code view-jpeg} thread: puts the last frame back into the canvas without its old overlay, or, before any
     * frame came, a blank one of {@code width}×{@code height}.
     */
    void restoreFrame(int width, int height) {
        frameLock.lock();
        try {
            if (latestWidth == 0) {
                if (canvas == null) {
                    newCanvas(width, height);
                }
                Arrays.fill(canvasBytes, (byte) 0x22);
                return;
            }
            if (canvas == null || canvas.getWidth() != latestWidth || canvas.getHeight() != latestHeight) {
                newCanvas(latestWidth, latestHeight);
            }
            System.arraycopy(latest, 0, canvasBytes, 0, canvasBytes.length);
            canvasIndex = latestIndex;
        } finally {
            frameLock.unlock();
        }
    }

    /** {@code view-jpeg} thread: the canvas is about to be drawn with everything known now. */
    void drawing(long nowNanos) {
        changed = false;
        lastDrawnNanos = nowNanos;
    }

    void state(StreamState state, String reason) {
        this.reason = reason;
        this.state = state;
        changed = true;
    }

    StreamState state() {
        return state;
    }

    /** Why the stream is in its state, in words; {@code null} while it runs fine. */
    String reason() {
        return reason;
    }

    private void newCanvas(int width, int height) {
        if (graphics != null) {
            graphics.dispose();
        }
        canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        canvasBytes = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        graphics = canvas.createGraphics();
        wrapped = new IIOImage(canvas, null, null);
    }

    BufferedImage canvas() {
        return canvas;
    }

    Graphics2D graphics() {
        return graphics;
    }

    IIOImage wrappedCanvas() {
        return wrapped;
    }

    long canvasFrameIndex() {
        return canvasIndex;
    }

    void label(LabelEvent event) {
        label = event;
        changed = true;
    }

    LabelEvent label() {
        return label;
    }

    /** Decode rate measured from the tapped frames' indices and capture times. */
    double fps() {
        return fps;
    }

    void releaseCanvas() {
        if (graphics != null) {
            graphics.dispose();
            graphics = null;
        }
    }

    /** Absolute indices from 0, as {@code FramePreparer} reads; the buffer's position is left alone. */
    static void copyAsBgr(ByteBuffer src, int width, int height, int rowStride, PixelFormat format, byte[] dst) {
        int rowBytes = width * 3;
        if (format == PixelFormat.BGR24) {
            if (rowStride == rowBytes) {
                src.get(0, dst, 0, rowBytes * height);
            } else {
                for (int y = 0; y < height; y++) {
                    src.get(y * rowStride, dst, y * rowBytes, rowBytes);
                }
            }
            return;
        }
        int bpp = format.bytesPerPixel();
        int r = format.redOffset();
        int g = format.greenOffset();
        int b = format.blueOffset();
        for (int y = 0; y < height; y++) {
            int in = y * rowStride;
            int out = y * rowBytes;
            for (int x = 0; x < width; x++, in += bpp, out += 3) {
                dst[out] = src.get(in + b);
                dst[out + 1] = src.get(in + g);
                dst[out + 2] = src.get(in + r);
            }
        }
    }
}
