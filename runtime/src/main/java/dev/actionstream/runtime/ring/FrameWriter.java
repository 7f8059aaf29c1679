package dev.actionstream.runtime.ring;

import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelRegistry;
import com.lmax.disruptor.EventTranslator;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One grabber thread's translator: prepares the decoded frame straight into the claimed slot, so frames the ring
 * has no room for are never prepared and frames it keeps are never copied. Preparation runs on the grabber thread
 * because it scales with the number of streams (native code now, about a third of what decoding a 640x480 H.264 frame
 * costs), while the single scoring thread is reserved for inference.
 *
 * <p>Not thread-safe: one instance per grabber thread; {@link #set} then {@link FrameRing#tryPublish}.
 */
public final class FrameWriter implements EventTranslator<FrameSlot> {

    private final int streamIndex;
    private final ModelRegistry models;

    private LoadedModel preparedFor;
    private FramePreparer preparer;

    private ByteBuffer pixels;
    private int width;
    private int height;
    private int rowStride;
    private PixelFormat format;
    private final FrameStamp stamp = new FrameStamp();
    private long prepareNanos;

    public FrameWriter(int streamIndex, ModelRegistry models) {
        this.streamIndex = streamIndex;
        this.models = Objects.requireNonNull(models, "models");
    }

    /**
     * Describes the next frame; {@code pixels} must stay valid until the publish attempt returns, {@code stamp} is
     * copied.
     */
    public void set(ByteBuffer pixels, int width, int height, int rowStride, PixelFormat format, FrameStamp stamp) {
        this.pixels = pixels;
        this.width = width;
        this.height = height;
        this.rowStride = rowStride;
        this.format = format;
        this.stamp.copyFrom(stamp);
    }

    @Override
    public void translateTo(FrameSlot slot, long sequence) {
        long start = System.nanoTime();
        // Read after the slot was claimed: a model retired at ring cursor c can only tag slots up to c.
        LoadedModel model = models.active();
        if (model != preparedFor) {
            if (preparedFor == null || !preparedFor.spec().samePreparation(model.spec())) {
                preparer = FramePreparer.forSpec(model.spec());
            }
            preparedFor = model;
        }
        int size = model.spec().frameSize();
        float[] data = slot.ensureCapacity(size);
        preparer.prepare(pixels, width, height, rowStride, format, data, 0);
        slot.streamIndex = streamIndex;
        slot.stamp.copyFrom(stamp);
        slot.model = model;
        slot.length = size;
        prepareNanos = System.nanoTime() - start;
    }

    /** Time the last successful publish spent preparing, in nanoseconds. */
    public long lastPrepareNanos() {
        return prepareNanos;
    }
}
