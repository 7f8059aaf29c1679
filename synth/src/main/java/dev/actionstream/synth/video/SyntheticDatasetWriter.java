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
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes the synthetic dataset as real video files, laid out like KTH: {@code out/<action>/<action>_<NNN>.mp4}, one
 * folder per action (the class), {@code NNN} counting from 000. Videos are MP4/H.264 (see {@link Mp4ClipWriter}).
 *
 * <p>The actions written are {@link Settings#actions()}, by default KTH's six. Clip {@code i} of an action is drawn
 * from {@code Seeds.derive(seed, action.ordinal(), i)}, so it is the same clip whatever the number of videos per class
 * and whichever other actions are written, and the same seed and geometry give byte-identical files. Each video is
 * written to a {@code .part} file first and renamed when complete: an interrupted run leaves no truncated videos.
 *
 * <p>With a {@link LeadIn}, some clips open with a few frames of another action by another actor in another scene, cut
 * straight to the clip's own action as the live source cuts from one segment to the next, and keep the label of the
 * action that follows; the other action is another of those written (with a single action, another actor doing it).
 * A model trained on them learns to name the newest action in its window, which shortens the
 * live label's lag after a change. The rest of such a clip is the same frames as without the lead-in, shifted.
 */
public final class SyntheticDatasetWriter {

    /** Child of a clip's seed that draws its opening, apart from the streams {@link ClipParameters} uses. */
    private static final long OPENING_STREAM = 4;

    private final Settings settings;

    public SyntheticDatasetWriter(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** The file clip {@code index} of {@code action} is written to. */
    public Path videoPath(Action action, int index) {
        int digits = Math.max(3, Integer.toString(settings.videosPerClass() - 1).length());
        String name = String.format("%s_%0" + digits + "d.mp4", action.id(), index);
        return settings.out().resolve(action.id()).resolve(name);
    }

    /** The parameters of clip {@code index} of {@code action}. */
    public ClipParameters clip(Action action, int index) {
        return ClipParameters.random(action, clipSeed(action, index));
    }

    /** The frames of another action clip {@code index} of {@code action} opens with, if any. */
    public Opening opening(Action action, int index) {
        LeadIn leadIn = settings.leadIn();
        SplittableRandom random = new SplittableRandom(Seeds.derive(clipSeed(action, index), OPENING_STREAM));
        if (leadIn.maxFrames() == 0 || random.nextDouble() >= leadIn.fraction()) {
            return Opening.NONE;
        }
        int frames = 1 + random.nextInt(Math.min(leadIn.maxFrames(), settings.frames() - 1));
        ClipParameters previous = ClipParameters.random(action.anyOther(settings.actions(), random), random.nextLong());
        // Cut in somewhere along the previous action, not always at its first frame.
        return new Opening(previous, frames, random.nextInt(4 * settings.frames()));
    }

    /**
     * Renders the frames of clip {@code index} of {@code action} in order, each into {@code frame} (a
     * {@code TYPE_3BYTE_BGR} image of the configured size) and hands it to {@code sink} before the next is drawn.
     */
    public void render(Action action, int index, BufferedImage frame, FrameSink sink) throws IOException {
        Opening opening = opening(action, index);
        int f = 0;
        if (opening.frames() > 0) {
            try (ClipRenderer previous = renderer(opening.previous())) {
                for (; f < opening.frames(); f++) {
                    previous.render(opening.previousStart() + f, frame);
                    sink.accept(frame);
                }
            }
        }
        try (ClipRenderer own = renderer(clip(action, index))) {
            for (; f < settings.frames(); f++) {
                own.render(f - opening.frames(), frame);
                sink.accept(frame);
            }
        }
    }

    private ClipRenderer renderer(ClipParameters clip) {
        return new ClipRenderer(clip, settings.width(), settings.height(), settings.fps());
    }

    private long clipSeed(Action action, int index) {
        return Seeds.derive(settings.seed(), action.ordinal(), index);
    }

    /**
     * Writes every video, replacing files of the same name.
     *
     * @param progress whether to show a console progress bar
     */
    public Summary write(boolean progress) throws IOException {
        return write(progress, false);
    }

    /**
     * Writes the videos the output folder does not hold yet, and counts only those. A video there is whole: each is
     * written under a name of its own and moved into place when complete.
     */
    public Summary writeMissing(boolean progress) throws IOException {
        return write(progress, true);
    }

    private Summary write(boolean progress, boolean keepExisting) throws IOException {
        long started = System.nanoTime();
        int total = settings.videosPerClass() * settings.actions().size();
        int written = 0;
        long bytes = 0;
        String codec = null;
        BufferedImage frame = new BufferedImage(settings.width(), settings.height(), BufferedImage.TYPE_3BYTE_BGR);
        try (ProgressBar bar = progress ? progressBar(total) : null) {
            for (Action action : settings.actions()) {
                Files.createDirectories(settings.out().resolve(action.id()));
                for (int i = 0; i < settings.videosPerClass(); i++) {
                    Path video = videoPath(action, i);
                    if (!keepExisting || !Files.isRegularFile(video)) {
                        codec = writeVideo(action, i, video, frame);
                        bytes += Files.size(video);
                        written++;
                    }
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
        }
        return new Summary(written, bytes, codec, (System.nanoTime() - started) / 1e9);
    }

    private String writeVideo(Action action, int index, Path video, BufferedImage frame) throws IOException {
        // Named for this process: two trainers filling one clip cache never write into the same file.
        Path part = video.resolveSibling(video.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            String codec;
            try (Mp4ClipWriter writer = new Mp4ClipWriter(part, settings.width(), settings.height(), settings.fps())) {
                codec = writer.codecName();
                render(action, index, frame, writer::write);
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
     * @param leadIn         which clips open with another action
     * @param actions        the actions written, as {@link Action#selection} makes them (distinct, in declaration
     *                       order)
     */
    public record Settings(Path out, int videosPerClass, long seed, int width, int height, int frames, double fps,
                           LeadIn leadIn, List<Action> actions) {

        /** Settings without lead-ins, for KTH's six actions. */
        public Settings(Path out, int videosPerClass, long seed, int width, int height, int frames, double fps) {
            this(out, videosPerClass, seed, width, height, frames, fps, LeadIn.NONE);
        }

        /** Settings for KTH's six actions. */
        public Settings(Path out, int videosPerClass, long seed, int width, int height, int frames, double fps,
                        LeadIn leadIn) {
            this(out, videosPerClass, seed, width, height, frames, fps, leadIn, Action.all());
        }

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
            Objects.requireNonNull(leadIn, "leadIn");
            if (leadIn.maxFrames() > 0 && frames < 2) {
                throw new IllegalArgumentException("lead-ins need clips of at least 2 frames, got " + frames);
            }
            actions = Action.selection(Objects.requireNonNull(actions, "actions"));
        }

        /** The same settings writing only {@code newActions} (in any order; duplicates count once). */
        public Settings withActions(Collection<Action> newActions) {
            return new Settings(out, videosPerClass, seed, width, height, frames, fps, leadIn,
                    Action.selection(newActions));
        }

        /** KTH-like defaults: 100 clips per class of 60 frames, 160x120 at 25 fps, seed 1. */
        public static Settings defaults(Path out) {
            return new Settings(out, 100, 1, 160, 120, 60, 25);
        }
    }

    /**
     * Which clips open with another action.
     *
     * @param fraction  share of clips that do, 0..1
     * @param maxFrames most frames of the other action; each such clip draws 1..maxFrames (at most all but one frame)
     */
    public record LeadIn(double fraction, int maxFrames) {

        public static final LeadIn NONE = new LeadIn(0, 0);

        public LeadIn {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("lead-in fraction must be in [0, 1], got " + fraction);
            }
            if (maxFrames < 0) {
                throw new IllegalArgumentException("lead-in frames must be >= 0, got " + maxFrames);
            }
            if (fraction > 0 && maxFrames == 0) {
                throw new IllegalArgumentException("lead-in fraction " + fraction + " needs a maximum of at least 1 frame");
            }
        }
    }

    /**
     * The start of a clip cut in from another action.
     *
     * @param previous      the other action's clip
     * @param frames        how many of its frames open the clip (0: none)
     * @param previousStart its first frame shown
     */
    public record Opening(ClipParameters previous, int frames, int previousStart) {

        public static final Opening NONE = new Opening(null, 0, 0);
    }

    /** Takes each rendered frame before the next is drawn into the same image. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(BufferedImage frame) throws IOException;
    }

    /**
     * What was written: how many videos (not those {@link #writeMissing} found already there), their total size, the
     * codec and the wall time.
     */
    public record Summary(int videos, long bytes, String codec, double seconds) {
    }
}
