/**
 * Live sources and their grabber threads ({@code grab-<stream>}, one per stream): cameras, RTSP, HTTP MJPEG and
 * files through FFmpeg, and the synthetic live source. Each grabber decodes, prepares into the ring and never blocks
 * on it; it reconnects with capped exponential backoff and reopens stalled inputs.
 */
package dev.actionstream.runtime.source;
