package dev.actionstream.runtime.source;

import dev.actionstream.runtime.events.StreamStateSink;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameWriter;

import java.util.Objects;

/**
 * Where one {@link StreamGrabber} sends what it reads: frames into the ring through its own writer, counts into the
 * metrics, decoded frames to the live view's tap and state changes to the subscribers that asked.
 *
 * @param writer the grabber's own translator (one per grabber thread)
 * @param meters the stream's own meters
 * @param tap    where the live view sees decoded frames (asked per frame, copies only while someone watches)
 * @param states told about every state change (WebSocket subscribers that asked for them)
 */
public record GrabberOutputs(FrameRing ring, FrameWriter writer, RuntimeMetrics metrics,
                             RuntimeMetrics.StreamMeters meters, FrameTap tap, StreamStateSink states) {

    public GrabberOutputs {
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(tap, "tap");
        Objects.requireNonNull(states, "states");
    }

    /** Frames into the ring and counted, with no live view and no state subscribers. */
    public static GrabberOutputs ring(FrameRing ring, FrameWriter writer, RuntimeMetrics metrics,
                                      RuntimeMetrics.StreamMeters meters) {
        return new GrabberOutputs(ring, writer, metrics, meters, FrameTap.NONE, StreamStateSink.NONE);
    }
}
