package dev.actionstream.runtime.capture;

import java.util.List;

/**
 * Capture as {@code /api/status} and {@code GET /api/captures} report it.
 *
 * @param bufferBytesPerStream the most each stream's buffer takes ({@code capture.bufferBytesPerStream})
 * @param pending              captures waiting for their frames or being written
 */
public record CaptureStatus(boolean enabled, String dir, long bufferBytesPerStream, double seconds, int pending,
                            List<BufferSpan> buffers) {
}
