package dev.actionstream.runtime.capture;

/** One compressed frame copied out of a {@link PreRollBuffer}: its JPEG bytes, index and capture time. */
public record StoredFrame(byte[] jpeg, long frameIndex, long captureMillis, long mediaMicros) {
}
