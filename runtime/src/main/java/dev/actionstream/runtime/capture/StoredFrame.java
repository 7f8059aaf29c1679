package dev.actionstream.runtime.capture;

/**
 * One compressed frame copied out of a {@link PreRollBuffer}: its JPEG bytes, index, wall-clock capture time and
 * presentation time (see {@link dev.actionstream.runtime.source.FrameTap#offer}).
 */
public record StoredFrame(byte[] jpeg, long frameIndex, long captureMillis, long mediaMicros) {
}
