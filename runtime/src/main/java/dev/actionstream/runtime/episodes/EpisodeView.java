package dev.actionstream.runtime.episodes;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * An episode as {@code GET /api/episodes} lists it: its fields, and where its clip and snapshot are served (null while
 * not written, or once deleted for the disk budget).
 */
public record EpisodeView(@JsonUnwrapped Episode episode, String clip, String snapshot) {

    static EpisodeView of(Episode e, boolean hasClip, boolean hasSnapshot) {
        String base = "/api/episodes/" + e.id();
        return new EpisodeView(e, hasClip ? base + "/clip.mp4" : null, hasSnapshot ? base + "/snapshot.jpg" : null);
    }
}
