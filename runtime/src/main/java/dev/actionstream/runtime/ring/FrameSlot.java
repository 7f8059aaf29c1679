package dev.actionstream.runtime.ring;

import dev.actionstream.runtime.models.LoadedModel;

/**
 * One preallocated ring entry: a prepared frame and where it came from. Filled in place by the producer that claimed
 * it, read by the scoring thread after publication; nobody keeps a reference past that.
 *
 * <pre>
 *  field           written by          meaning
 *  streamIndex     grabber             index of the stream in the pipeline (0..streams-1)
 *  stamp           grabber             the frame's index in its stream and capture time ({@link FrameStamp})
 *  model           grabber             the model whose geometry `data` was prepared for
 *  length          grabber             floats valid in data: model.spec().frameSize(); 0 when the slot carries
 *                                      no frame (claimed across a swap to a model with another frame interval)
 *  data            grabber             planar prepared frame [C][H][W] in data[0 .. length)
 * </pre>
 *
 * <p>{@code data} starts at the frame size of the model active when the ring was built. After a swap to a model
 * with other frames, the producer that next claims a slot resizes its array to the new frame size once (a one-off
 * allocation per slot, never per frame in steady state). It also shrinks: slots kept at the size of a large model
 * swapped out again would hold {@code ringSize} of its frames for as long as the process runs. Within one lap of
 * the ring after a swap every slot is back to the serving model's size.
 */
public final class FrameSlot {

    int streamIndex;
    final FrameStamp stamp = new FrameStamp();
    LoadedModel model;
    int length;
    float[] data;

    FrameSlot(int initialCapacity) {
        this.data = new float[initialCapacity];
    }

    public int streamIndex() {
        return streamIndex;
    }

    /** The frame's index and capture time; valid until the slot is reused, copy what must be kept. */
    public FrameStamp stamp() {
        return stamp;
    }

    public long frameIndex() {
        return stamp.index();
    }

    public LoadedModel model() {
        return model;
    }

    public int length() {
        return length;
    }

    public float[] data() {
        return data;
    }

    /** Makes {@code data} hold exactly {@code floats}; only the producer that claimed this slot may call it. */
    float[] ensureCapacity(int floats) {
        if (data.length != floats) {
            data = new float[floats];
        }
        return data;
    }
}
