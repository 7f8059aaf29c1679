package dev.actionstream.runtime.status;

import java.util.List;

/** A loaded (or rejected) model as listed by {@code GET /api/models}. */
public record ModelInfo(
        String name,
        String version,
        String architecture,
        List<String> labels,
        int framesPerWindow,
        int frameHeight,
        int frameWidth,
        String file,
        boolean active,
        String loadedAt) {
}
