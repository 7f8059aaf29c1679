/**
 * Live sources (cameras, RTSP, HTTP MJPEG, files, synthetic) and their grabber threads ({@code grab-<stream>}): each
 * decodes, prepares into the ring without blocking, reconnects with backoff and shows frames to a {@link FrameTap}.
 */
package dev.actionstream.runtime.source;
