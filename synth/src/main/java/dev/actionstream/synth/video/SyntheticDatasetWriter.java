package dev.actionstream.synth.video;

import dev.actionstream.synth.Action;
import dev.actionstream.synth.ClipParameters;
import dev.actionstream.synth.ClipRenderer;
import dev.actionstream.synth.Seeds;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Writes the synthetic dataset as real video files, laid out like KTH: {@code out/<action>/<action>_<NNN>.mp4}, one
 * folder per action (the class), {@code NNN} counting from 000. Videos are MP4/H.264 (see {@link Mp4ClipWriter}).
 *
 * <p>Clip {@code i} of an action is drawn from {@code Seeds.derive(seed, action.ordinal(), i)}, so it is the same clip
 * whatever the number of videos per class, and the same seed and geometry give byte-identical files. Each video is
 * written to a {@code .part} file first and renamed when complete: an interrupted run leaves no truncated videos.
 */
public final class SyntheticDatasetWriter {

    private final Settings settings;

    public SyntheticDatasetWriter(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The file clip {@code index} of {@code action} is written to. */
    public Path videoPath(Action action, int index) {
        int digits = Math.max(3, Integer.toString(settings.videosPerClass() - 1).length());
        String name = String.format("%s_%0" + digits + "d.mp4", action.id(), index);
        return settings.out().resolve(action.id()).resolve(name);
    }

    /** The parameters of clip {@code index} of {@code action}. */
    public ClipParameters clip(Action action, int index) {
        return ClipParameters.random(action, Seeds.derive(settings.seed(), action.ordinal(), index));
    }

    /**
     * Writes every video, replacing files of the same name.
     *
     * @param progress whether to show a console progress bar
     */
    public Summary write(boolean progress) throws IOException {
        long started = System.nanoTime();
        int total = settings.videosPerClass() * Action.all().size();
        long bytes = 0;
        String codec = null;
        BufferedImage frame = new BufferedImage(settings.width(), settings.height(), BufferedImage.TYPE_3BYTE_BGR);
        try (ProgressBar bar = progress ? progressBar(total) : null) {
            for (Action action : Action.all()) {
                Files.createDirectories(settings.out().resolve(action.id()));
                for (int i = 0; i < settings.videosPerClass(); i++) {
                    Path video = videoPath(action, i);
                    codec = writeVideo(clip(action, i), video, frame);
                    bytes += Files.size(video);
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
        }
        return new Summary(total, bytes, codec, (System.nanoTime() - started) / 1e9);
    }

    private String writeVideo(ClipParameters clip, Path video, BufferedImage frame) throws IOException {
        Path part = video.resolveSibling(video.getFileName() + ".part");
        try (ClipRenderer renderer = new ClipRenderer(clip, settings.width(), settings.height(), settings.fps())) {
            String codec;
            try (Mp4ClipWriter writer = new Mp4ClipWriter(part, settings.width(), settings.height(), settings.fps())) {
                codec = writer.codecName();
                for (int f = 0; f < settings.frames(); f++) {
                    renderer.render(f, frame);
                    writer.write(frame);
                }
            }
            Files.move(part, video, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return codec;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw new IOException("cannot write " + video + ": " + e.getMessage(), e);
        }
    }

    private static ProgressBar progressBar(int total) {
        return new ProgressBarBuilder().setTaskName("synth").setInitialMax(total).setUnit(" videos", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build();
    }

    /**
     * What to write.
     *
     * @param out            dataset root; one folder per action is created in it
     * @param videosPerClass clips per action
     * @param seed           the dataset's seed
     * @param width          frame width, even
     * @param height         frame height, even
     * @param frames         frames per clip
     * @param fps            frame rate
     */
    public record Settings(Path out, int videosPerClass, long seed, int width, int height, int frames, double fps) {

        public Settings {
            Objects.requireNonNull(out, "out");
            if (videosPerClass < 1) {
                throw new IllegalArgumentException("videos per class must be >= 1, got " + videosPerClass);
            }
            if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("width and height must be even and >= 16, got " + width + "x" + height);
            }
            if (frames < 1) {
                throw new IllegalArgumentException("frames per clip must be >= 1, got " + frames);
            }
            if (!(fps > 0 && fps <= 1000)) {
                throw new IllegalArgumentException("fps must be in (0, 1000], got " + fps);
            }
        }

        /** KTH-like defaults: 100 clips per class of 60 frames, 160x120 at 25 fps, seed 1. */
        public static Settings defaults(Path out) {
            return new Settings(out, 100, 1, 160, 120, 60, 25);
        }
    }

    /** What was written: how many videos, their total size, the codec and the wall time. */
    public record Summary(int videos, long bytes, String codec, double seconds) {
    }
}
