package dev.actionstream.runtime.source;

import dev.actionstream.config.RuntimeConfig;

import java.io.IOException;

/** Opens the input behind a source spec: FFmpeg for devices, network and files, the synthetic renderer for synthetic. */
@FunctionalInterface
public interface SourceOpener {

    VideoInput open(SourceSpec spec, RuntimeConfig.Stream stream) throws IOException;

    /** The real thing: every kind of {@link SourceSpec}. */
    static SourceOpener standard(RuntimeConfig.Pipeline pipeline) {
        return (spec, stream) -> spec.kind() == SourceSpec.Kind.SYNTHETIC
                ? SyntheticInput.open(spec)
                : FfmpegInput.open(spec, pipeline, stream.paced());
    }
}
