/**
 * Per-stream sliding windows over the last T prepared frames (or LRCN feature vectors). Owned and run by the
 * scoring thread only; no locking.
 */
package dev.actionstream.runtime.window;
