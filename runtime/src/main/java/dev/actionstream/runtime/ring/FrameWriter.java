package dev.actionstream.runtime.ring;

import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.IntervalSampler;
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
 * <p>It also decides which frames the stream's window takes ({@link #takes}): frames are sampled at the active
 * model's frame interval by their presentation time ({@link IntervalSampler}, the rule the trainer and
 * {@code predict} use), on the grabber thread and before the ring, so a frame no window takes is neither prepared
 * nor published. Deciding here sees every decoded frame, including those the ring then has no room for, so the
 * sampling grid follows the source's clock and not the ring's load.
 *
 * <p>Not thread-safe: one instance per grabber thread; {@link #takes}, then {@link #set} and
 * {@link FrameRing#tryPublish} for a frame taken.
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
    /** Picks the frames the window takes, at the interval of {@link #sampledFor}; replaced on a swap only. */
    private IntervalSampler sampler;
    /** The frame interval the last {@link #takes} decision was made for. */
    private long sampledFor = -1;

    public FrameWriter(int streamIndex, ModelRegistry models) {
        this.streamIndex = streamIndex;
        this.models = Objects.requireNonNull(models, "models");
    }

    /**
     * Whether the frame presented at {@code mediaMicros} enters the stream's window, at the active model's frame
     * interval; decided for every decoded frame in order. A frame it rejects must not be published.
     */
    public boolean takes(long mediaMicros) {
        long interval = models.active().spec().frameIntervalMicros();
        if (interval != sampledFor) {
            // Allocated on a swap to a model with another interval only; the new grid starts at this frame.
            sampler = new IntervalSampler(interval);
            sampledFor = interval;
        }
        return sampler.take(mediaMicros);
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
        slot.streamIndex = streamIndex;
        slot.stamp.copyFrom(stamp);
        slot.model = model;
        if (sampledFor >= 0 && model.spec().frameIntervalMicros() != sampledFor) {
            // A swap to a model with another interval landed between the decision and the claim: the frame was
            // picked on the old grid, so it carries nothing; the next frame starts the new model's grid.
            slot.length = 0;
            prepareNanos = System.nanoTime() - start;
            return;
        }
        int size = model.spec().frameSize();
        float[] data = slot.ensureCapacity(size);
        preparer.prepare(pixels, width, height, rowStride, format, data, 0);
        slot.length = size;
        prepareNanos = System.nanoTime() - start;
    }

    /** Time the last successful publish spent preparing, in nanoseconds. */
    public long lastPrepareNanos() {
        return prepareNanos;
    }
}
