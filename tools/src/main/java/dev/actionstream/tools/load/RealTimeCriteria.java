package dev.actionstream.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a paced trial counts as real time: every stream keeps its input rate (e.g. >= 29.5 of 30 fps), fewer than
 * {@code maxDropPercent} of the frames are dropped, the 99th percentile capture→event latency stays bounded, windows
 * were scored and the scoring thread reported no error.
 */
public record RealTimeCriteria(double minStreamFps, double maxDropPercent, double maxP99Ms) {

    public RealTimeCriteria {
        if (minStreamFps <= 0 || maxDropPercent < 0 || maxP99Ms <= 0) {
            throw new IllegalArgumentException("real-time criteria must be positive, got fps >= " + minStreamFps
                    + ", drops < " + maxDropPercent + " %, p99 <= " + maxP99Ms + " ms");
        }
    }

    /** {@code fps - 0.5}, 0.5 % drops, and the given p99 bound. */
    public static RealTimeCriteria forFps(double fps, double maxP99Ms) {
        return new RealTimeCriteria(fps - 0.5, 0.5, maxP99Ms);
    }

    /** The reasons a trial is not real time; empty when it is. */
    public List<String> failures(double minStreamFps, double dropPercent, double p99Ms, long windows,
                                 long consumerErrors) {
        List<String> why = new ArrayList<>();
        if (minStreamFps < this.minStreamFps) {
            why.add(String.format(Locale.ROOT, "slowest stream %.2f fps < %.2f", minStreamFps, this.minStreamFps));
        }
        if (dropPercent >= maxDropPercent) {
            why.add(String.format(Locale.ROOT, "%.2f %% frames dropped", dropPercent));
        }
        if (windows == 0) {
            why.add("no window scored");
        } else if (!(p99Ms <= maxP99Ms)) {
            why.add(String.format(Locale.ROOT, "p99 %.1f ms > %.0f ms", p99Ms, maxP99Ms));
        }
        if (consumerErrors > 0) {
            why.add(consumerErrors + " scoring errors");
        }
        return why;
    }
}
