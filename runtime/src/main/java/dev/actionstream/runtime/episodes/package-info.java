/**
 * Action episodes: per stream, the filtered labels become episodes (start, update, end) debounced both ways; their
 * history in SQLite, clips and snapshots from the capture buffer, and the {@code /api/episodes} routes. The tracker
 * runs on the threads that publish label events and never blocks them; storage and clips have their own threads.
 */
package dev.actionstream.runtime.episodes;
