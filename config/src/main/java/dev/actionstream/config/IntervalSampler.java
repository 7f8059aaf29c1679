package dev.actionstream.config;

/**
 * The one rule that picks, from a stream of timestamped frames, those spaced {@code interval} apart: the frames a
 * window holds when serving, when {@code predict} slides over a video and when a {@code rate} model's training
 * windows are cut. Frames are decided one by one, in order, with no look-ahead.
 *
 * <p>Due times lie on a grid {@code interval} apart. A frame is taken when it is at least as near to the due time as
 * the next frame is expected to be (the next frame is expected one current frame step later), so every k-th frame is
 * taken when the interval is k frame steps (0.08 s on a 25 fps stream: every 2nd frame; at 50 fps every 4th), and
 * the nearest frame is taken at rates that do not divide evenly. A stream slower than the interval gives every
 * frame. Time that runs backwards (a looped file, a reconnect) or skips a whole interval (drops) restarts the grid
 * at that frame.
 *
 * <p>Allocation-free and not thread-safe: one instance per stream, used by the thread that sees its frames.
 */
public final class IntervalSampler {

    private static final long NONE = Long.MIN_VALUE;

    private final long intervalMicros;
    private long dueMicros = NONE;
    private long lastMicros = NONE;
    private long stepMicros;
    private long lastTakenMicros = NONE;
    private double meanTakenIntervalMicros;

    /** @param intervalMicros time between taken frames; 0 takes every frame (consecutive windows) */
    public IntervalSampler(long intervalMicros) {
        if (intervalMicros < 0) {
            throw new IllegalArgumentException("interval must be >= 0 microseconds, got " + intervalMicros);
        }
        this.intervalMicros = intervalMicros;
    }

    /** Whether the frame at {@code timeMicros} (its presentation time, any origin) is one to keep. */
    public boolean take(long timeMicros) {
        boolean take = intervalMicros == 0 || decide(timeMicros);
        lastMicros = timeMicros;
        if (take) {
            if (lastTakenMicros != NONE && timeMicros > lastTakenMicros) {
                double gap = timeMicros - lastTakenMicros;
                meanTakenIntervalMicros = meanTakenIntervalMicros == 0 ? gap : 0.9 * meanTakenIntervalMicros + 0.1 * gap;
            }
            lastTakenMicros = timeMicros;
        }
        return take;
    }

    private boolean decide(long t) {
        if (lastMicros == NONE || t < lastMicros || t - dueMicros >= intervalMicros) {
            dueMicros = t;
            stepMicros = 0;
        } else {
            stepMicros = t - lastMicros;
        }
        if (2 * t + stepMicros < 2 * dueMicros) {
            return false;
        }
        dueMicros += intervalMicros;
        if (dueMicros <= t) {
            // A stream slower than the interval: no debt builds up, the grid follows the frames.
            dueMicros = t + intervalMicros;
        }
        return true;
    }

    public long intervalMicros() {
        return intervalMicros;
    }

    /**
     * The measured time between taken frames (a moving average), 0 before two were taken: equal to the interval on a
     * stream fast enough, a stream's own frame step when it is slower.
     */
    public double takenIntervalMicros() {
        return meanTakenIntervalMicros;
    }

    /** Forgets the stream's past: the next frame is taken and starts a new grid. */
    public void restart() {
        dueMicros = NONE;
        lastMicros = NONE;
        lastTakenMicros = NONE;
        meanTakenIntervalMicros = 0;
    }
}
