package dev.actionstream.runtime.models;

import java.util.List;

/**
 * A loaded (or rejected) model as listed by {@code GET /api/models}. {@code key} names it uniquely among the loaded
 * models (its file name) and is what {@code POST /api/models/{key}/activate} takes; {@code name} is the spec's name,
 * which copies of one export share.
 */
public record ModelInfo(
        String key,
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
