package dev.actionstream.runtime.capture;

/**
 * What is known about a captured clip, written next to it as {@code <clip>.json} and returned by the API.
 *
 * @param start        capture time of the first frame, epoch ms
 * @param end          capture time of the last frame, epoch ms
 * @param fps          the rate the clip plays at: the stream's own, from the clip's frames' presentation times
 * @param modelName    the model serving when the clip was taken (null when none)
 * @param liveLabel    the stream's label then, and its confidence
 */
public record ClipSidecar(String dataset, String label, String file, String stream, long start, long end,
                          String startTime, double fps, int frames, long firstFrame, long lastFrame, int width,
                          int height, String codec, String modelName, String modelVersion, String liveLabel,
                          double liveConfidence, long bytes) {
}
