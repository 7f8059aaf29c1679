package dev.actionstream.tools.load;

/**
 * What one load trial measured, over its measurement phase only (the warm-up is excluded).
 *
 * @param streams           concurrent streams
 * @param seconds           length of the measurement phase
 * @param framesPerSecond   frames decoded (or replayed) per second, all streams together
 * @param minStreamFps      input frame rate of the slowest stream
 * @param windowsPerSecond  windows scored per second, all streams together
 * @param windows           windows scored
 * @param p50Ms             capture of a window's newest frame → window scored and its event published, median
 * @param p95Ms             95th percentile of the same
 * @param p99Ms             99th percentile of the same
 * @param maxMs             largest (bucket upper bound)
 * @param framesDropped     frames dropped because the ring was full
 * @param dropPercent       dropped / frames in, in percent
 * @param skipPercent       frames no window takes (skipped before preparation) / frames in, in percent
 * @param inferenceRuns     ONNX Runtime runs of the window model (one per batch)
 * @param windowsPerRun     windows per such run (batching)
 * @param inferenceMs       mean time of such a run
 * @param encodeRuns        encoder runs of a split LRCN model (frames that arrived together are one run)
 * @param encodeMs          mean time of an encoder run
 * @param prepareUs         mean time to prepare one frame (resize, convert, normalise) on its grabber thread
 * @param cpuCores          process CPU time / wall time (2.0 = two cores busy)
 * @param cpuPercent        the same as a share of all the machine's cores
 * @param cpuMsPerFrame     process CPU time per input frame: what a stream costs, whatever else the machine runs
 * @param heapUsedMb        heap in use at the end of the measurement phase
 * @param gcCount           garbage collections during the measurement phase
 * @param gcMillis          time spent in them
 * @param loadAverage       the machine's one-minute load average at the end (other processes included)
 * @param consumerErrors    errors on the scoring thread (should be 0)
 * @param realTime          whether the trial met the real-time criteria (false when unpaced)
 * @param verdict           why it is (not) real time
 * @param stages            CPU per input frame by stage ({@link StageCosts})
 */
public record TrialResult(
        int streams,
        double seconds,
        double framesPerSecond,
        double minStreamFps,
        double windowsPerSecond,
        long windows,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double maxMs,
        long framesDropped,
        double dropPercent,
        double skipPercent,
        long inferenceRuns,
        double windowsPerRun,
        double inferenceMs,
        long encodeRuns,
        double encodeMs,
        double prepareUs,
        double cpuCores,
        double cpuPercent,
        double cpuMsPerFrame,
        double heapUsedMb,
        long gcCount,
        long gcMillis,
        double loadAverage,
        long consumerErrors,
        boolean realTime,
        String verdict,
        StageCosts stages) {

    /**
     * Process CPU per input frame, in milliseconds, split by stage. Thread CPU time of the grabber threads is decode
     * (FFmpeg's decoding and conversion to BGR24, or a replayed frame's hand-over), prepare and ring; the scoring
     * thread's and its part runners' is score (encoder and window model runs, window assembly, taking frames off the
     * ring) and publish (post-processing and delivering events). Prepare, ring and publish are their timed sections
     * (wall time of pure computation, so CPU time up to preemption); decode and score are their threads' CPU time
     * less those. Other is the rest of the process: JIT, GC, the harness itself.
     */
    public record StageCosts(double decodeMs, double prepareMs, double ringMs, double scoreMs, double publishMs,
                             double otherMs) {
    }
}
