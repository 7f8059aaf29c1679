package dev.actionstream.runtime.episodes;

/**
 * Where episode events go: the WebSocket, the history, the clip writer (and, later, any sink that delivers label
 * events). Called on the thread that published the label event, the episode ticker or the closing thread, in order per
 * stream; an implementation must not block.
 */
@FunctionalInterface
public interface EpisodeSink {

    void onEpisode(EpisodeEvent event);
}
