package dev.actionstream.trainer.dataset;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.WindowSampling;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What time scale the training windows actually have, for the model's spec. With {@code rate} sampling it is the
 * rate. With {@code even} sampling each clip's interval is its frame step ({@link ClipDecoder#evenStep}) over its
 * frame rate: the spec records the median and the spread, and a warning names the clips when the longest interval
 * is more than twice the shortest (the model then learned motion at several speeds, and serves at only one).
 */
public final class SamplingSurvey {

    /** Clips named per end of the range in a warning. */
    private static final int NAMED = 5;

    private SamplingSurvey() {
    }

    /** The sampling and, when the clips disagree widely, one warning line (else null). */
    public record Result(WindowSampling sampling, String warning) {
    }

    public static Result of(List<Path> clips, DatasetConfig config) {
        if (config.sampling().mode() == SamplingMode.RATE) {
            return new Result(WindowSampling.rate(config.sampling().fps()), null);
        }
        List<ClipInterval> intervals = new ArrayList<>();
        for (Path clip : clips) {
            double seconds = evenInterval(clip, config.framesPerWindow());
            if (seconds > 0) {
                intervals.add(new ClipInterval(clip, seconds));
            }
        }
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("no training clip declares a frame rate: cannot tell the model's time"
                    + " scale (use dataset.sampling {mode: rate, fps: F} for such clips)");
        }
        intervals.sort(Comparator.comparingDouble(ClipInterval::seconds));
        double min = intervals.get(0).seconds();
        double max = intervals.get(intervals.size() - 1).seconds();
        double median = intervals.get(intervals.size() / 2).seconds();
        WindowSampling sampling = new WindowSampling(SamplingMode.EVEN, median, min, max);
        return new Result(sampling, max > 2 * min ? warning(intervals, median) : null);
    }

    private static String warning(List<ClipInterval> sorted, double median) {
        StringBuilder b = new StringBuilder(String.format(
                "warning: the clips' frame intervals differ more than 2x (%.3f s to %.3f s, median %.3f s, which the"
                        + " model is served at); shortest: ", sorted.get(0).seconds(),
                sorted.get(sorted.size() - 1).seconds(), median));
        b.append(names(sorted.subList(0, Math.min(NAMED, sorted.size()))));
        b.append("; longest: ");
        List<ClipInterval> longest = new ArrayList<>(sorted.subList(Math.max(0, sorted.size() - NAMED), sorted.size()));
        java.util.Collections.reverse(longest);
        b.append(names(longest));
        return b.append(". Clips of similar length and frame rate, or dataset.sampling {mode: rate}, fix it.")
                .toString();
    }

    private static String names(List<ClipInterval> clips) {
        return String.join(", ", clips.stream().map(c -> String.format("%s (%.3f s)", c.clip().getFileName(),
                c.seconds())).toList());
    }

    /**
     * Seconds between frames of the clip's even window; 0 when the clip declares no frame rate. The container's
     * frame count is an estimate, good enough for a time scale (the decoder counts exactly to pick frames).
     */
    static double evenInterval(Path clip, int frames) {
        try (FFmpegFrameGrabber grabber = ClipDecoder.open(clip)) {
            double fps = grabber.getFrameRate();
            if (!(fps > 0 && fps < 1000)) {
                return 0;
            }
            int length = grabber.getLengthInVideoFrames();
            if (length <= 0) {
                length = ClipDecoder.countFrames(clip);
            }
            return ClipDecoder.evenStep(length, frames) / fps;
        } catch (VideoDecodeException | org.bytedeco.javacv.FrameGrabber.Exception e) {
            return 0;
        }
    }

    private record ClipInterval(Path clip, double seconds) {
    }
}
