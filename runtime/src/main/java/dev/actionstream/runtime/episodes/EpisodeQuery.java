package dev.actionstream.runtime.episodes;

/**
 * A checked {@code GET /api/episodes} query.
 *
 * @param stream    only this stream, or null
 * @param label     only this label, or null
 * @param sinceMs   only episodes still going at or after this time (epoch ms), 0 = any
 * @param untilMs   only episodes that started before this time, 0 = any
 * @param limit     at most this many
 * @param beforeSeq the cursor: only episodes stored before this one, 0 = from the newest
 */
public record EpisodeQuery(String stream, String label, long sinceMs, long untilMs, int limit, long beforeSeq) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public EpisodeQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be within 1.." + MAX_LIMIT + ", got " + limit);
        }
    }
}
