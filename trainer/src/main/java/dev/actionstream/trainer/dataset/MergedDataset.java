package dev.actionstream.trainer.dataset;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.SamplingMode;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A captured dataset and a base run's own clips in one dataset folder of links: {@code out/<label>/c_<clip>} for the
 * captured clips and {@code out/<label>/b<i>_<clip>} for recipe {@code i}'s, so the labels are the union of both and
 * nothing is copied. How many base clips balance the captured ones is {@link #baseClipsPerAction}.
 */
public final class MergedDataset {

    private MergedDataset() {
    }

    /**
     * Base clips per action that give each base action about as many windows as the mean captured label has
     * (windows estimated from the clips' durations at the sampling's rate, without decoding), at least
     * {@code minimum} and at most the clips the recipes hold.
     */
    public static int baseClipsPerAction(Path captured, DatasetConfig config, BaseTrainingData base, int minimum) {
        VideoFolderDataset dataset = VideoFolderDataset.scan(captured);
        long windows = 0;
        for (VideoSample s : dataset.samples()) {
            windows += windowsOf(takenFrames(s.file(), config), config);
        }
        double perLabel = (double) windows / dataset.classes().size();
        long baseClips = 0;
        double baseWindows = 0;
        for (BaseTrainingData.SynthRecipe r : base.synthetic()) {
            baseClips += r.videosPerClass();
            baseWindows += (double) r.videosPerClass() * windowsOf((int) Math.round(r.framesFor(config) * takenPerFrame(
                    r.fps(), config)), config);
        }
        double perClip = baseWindows / baseClips;
        return (int) Math.min(baseClips, Math.max(minimum, Math.ceil(perLabel / perClip)));
    }

    /** Windows a clip of {@code taken} frames gives under {@code config}'s sampling. */
    static int windowsOf(int taken, DatasetConfig config) {
        return config.sampling().slides()
                ? ClipDecoder.windowStarts(Math.max(1, taken), config.framesPerWindow(), config.sampling().hop()).length
                : 1;
    }

    /** Of a clip's frames at {@code fps}, the share the sampling takes (1 for even sampling, which takes what it needs). */
    private static double takenPerFrame(double fps, DatasetConfig config) {
        return config.sampling().mode() == SamplingMode.RATE ? Math.min(1, config.sampling().fps() / fps) : 1;
    }

    /** Frames the sampling takes from a clip, from its container's duration; 0 when it cannot tell. */
    private static int takenFrames(Path clip, DatasetConfig config) {
        // ClipDecoder's opening keeps FFmpeg's per-file console chatter out of the log.
        try (FFmpegFrameGrabber g = ClipDecoder.open(clip)) {
            double seconds = g.getLengthInTime() / 1e6;
            double fps = config.sampling().mode() == SamplingMode.RATE ? config.sampling().fps() : g.getFrameRate();
            return (int) Math.round(seconds * fps);
        } catch (VideoDecodeException | org.bytedeco.javacv.FrameGrabber.Exception | RuntimeException e) {
            // Unreadable: the decoder names it when it skips the clip; here it only counts as no windows.
            return 0;
        }
    }

    /**
     * Links every clip of {@code captured} and of the {@code base} folders into {@code out} (created; it must not
     * exist yet). Returns the clips per label.
     */
    public static Map<String, Integer> link(Path captured, List<Path> base, Path out) throws IOException {
        if (Files.exists(out)) {
            throw new IllegalArgumentException("merged dataset folder " + out + " already exists");
        }
        Map<String, Integer> clips = new LinkedHashMap<>();
        linkAll(VideoFolderDataset.scan(captured), "c_", out, clips);
        for (int i = 0; i < base.size(); i++) {
            linkAll(VideoFolderDataset.scan(base.get(i)), "b" + i + "_", out, clips);
        }
        return clips;
    }

    private static void linkAll(VideoFolderDataset dataset, String prefix, Path out, Map<String, Integer> clips)
            throws IOException {
        for (VideoSample s : dataset.samples()) {
            Path dir = Files.createDirectories(out.resolve(s.label()));
            Path target = s.file().toAbsolutePath().normalize();
            Files.createSymbolicLink(dir.resolve(prefix + target.getFileName()), target);
            clips.merge(s.label(), 1, Integer::sum);
        }
    }
}
