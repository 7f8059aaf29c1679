package dev.actionstream.runtime.cli;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.source.FfmpegInput;
import dev.actionstream.runtime.source.SourceSpec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the streams that can never serve before anything starts: a video file that is missing or that FFmpeg cannot
 * open as video. Live sources (cameras, RTSP, HTTP, test patterns, synthetic) are never reported, since the grabber
 * keeps reconnecting until they come up.
 */
final class FileSourceCheck {

    private FileSourceCheck() {
    }

    /**
     * Stream name → why it cannot serve, in stream order; empty when every stream may serve.
     *
     * @throws IllegalArgumentException naming the stream whose source is not a source at all
     */
    static Map<String, String> unusable(RuntimeConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RuntimeConfig.Stream stream : config.streams()) {
            SourceSpec spec;
            try {
                spec = SourceSpec.parse(stream.source());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stream '" + stream.name() + "': " + e.getMessage(), e);
            }
            if (spec.kind() != SourceSpec.Kind.FILE) {
                continue;
            }
            try (FfmpegInput ignored = FfmpegInput.open(spec, config.pipeline(), false)) {
                // Opened as video: it can serve.
            } catch (IOException | RuntimeException e) {
                out.put(stream.name(), e.getMessage());
            }
        }
        return out;
    }
}
