package dev.actionstream.synth;

import java.awt.image.BufferedImage;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The synthetic actors as an endless live stream: one action performed for a random few seconds, then another action
 * by a new actor in a new scene, and so on. It knows the true label of every frame it renders. The actions are
 * {@link Settings#actions()}, by default KTH's six ({@link Action#all()}); with a single one only the actor and
 * scene change.
 *
 * <p>The source only renders; pacing frames to {@link Settings#fps()} is the caller's job ({@code fps} sets how far
 * the actor moves between frames). The whole stream is a pure function of the settings: the same seed gives the same
 * frames and labels.
 *
 * <p>Not thread-safe. A frame allocates nothing of ours; a switch of action allocates the next segment's renderer (its
 * backdrop image), once every few seconds.
 */
public final class SyntheticLiveSource implements AutoCloseable {

    private final Settings settings;
    private final SplittableRandom random;
    private ClipRenderer segment;
    private long frameIndex;
    private long segmentStart;
    private long segmentEnd;
    private long segmentNumber;

    public SyntheticLiveSource(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = new SplittableRandom(Seeds.derive(settings.seed(), 0));
        List<Action> actions = settings.actions();
        startSegment(actions.get(random.nextInt(actions.size())));
    }

    /**
     * Renders the next frame into {@code target} (a {@code TYPE_3BYTE_BGR} image of the configured size) and returns
     * the action it shows.
     */
    public Action nextFrame(BufferedImage target) {
        if (frameIndex == segmentEnd) {
            segment.close();
            startSegment(segment.action().anyOther(settings.actions(), random));
        }
        segment.render(frameIndex - segmentStart, target);
        frameIndex++;
        return segment.action();
    }

    /** Frames rendered so far, which is also the index of the next frame. */
    public long frameIndex() {
        return frameIndex;
    }

    /** The action of the last rendered frame (before the first frame: of the first segment). */
    public Action currentAction() {
        return segment.action();
    }

    /** The clip the current segment shows: its actor, motion and scene. */
    public ClipParameters currentClip() {
        return segment.clip();
    }

    /** Index of the first frame of the current segment. */
    public long segmentStart() {
        return segmentStart;
    }

    /** Frames in the current segment. */
    public long segmentLength() {
        return segmentEnd - segmentStart;
    }

    public Settings settings() {
        return settings;
    }

    /** Creates an image the source can render into. */
    public BufferedImage newFrame() {
        return new BufferedImage(settings.width(), settings.height(), BufferedImage.TYPE_3BYTE_BGR);
    }

    @Override
    public void close() {
        segment.close();
    }

    private void startSegment(Action action) {
        double seconds = settings.minSegmentSeconds()
                + (settings.maxSegmentSeconds() - settings.minSegmentSeconds()) * random.nextDouble();
        long frames = Math.max(1, Math.round(seconds * settings.fps()));
        segmentStart = frameIndex;
        segmentEnd = frameIndex + frames;
        segmentNumber++;
        ClipParameters clip = ClipParameters.random(action, Seeds.derive(settings.seed(), 1, segmentNumber));
        segment = new ClipRenderer(clip, settings.width(), settings.height(), settings.fps());
    }

    /**
     * How the live stream looks.
     *
     * @param minSegmentSeconds shortest time one action is shown
     * @param maxSegmentSeconds longest time one action is shown
     * @param actions           the actions shown, as {@link Action#selection} makes them (distinct, in declaration
     *                          order)
     */
    public record Settings(int width, int height, double fps, long seed, double minSegmentSeconds,
                           double maxSegmentSeconds, List<Action> actions) {

        public static final int DEFAULT_WIDTH = 160;
        public static final int DEFAULT_HEIGHT = 120;
        public static final double DEFAULT_FPS = 25;

        private static final Pattern SOURCE = Pattern.compile(
                "synthetic(?::(\\d+)x(\\d+)(?:@(\\d+(?:\\.\\d+)?))?)?(?:\\?([^?]*))?");
        private static final Pattern SEED = Pattern.compile("\\d{1,18}");
        private static final String FORM = "synthetic[:WIDTHxHEIGHT[@FPS]][?seed=N][&actions=A,B,...]";

        /** The defaults' size, rate, seed and segment lengths, showing KTH's six actions. */
        public Settings(int width, int height, double fps, long seed, double minSegmentSeconds,
                        double maxSegmentSeconds) {
            this(width, height, fps, seed, minSegmentSeconds, maxSegmentSeconds, Action.all());
        }

        public Settings {
            if (width < 16 || height < 16 || width > 8192 || height > 8192) {
                throw new IllegalArgumentException("synthetic source size must be 16..8192 per side, got "
                        + width + "x" + height);
            }
            if (!(fps > 0 && fps <= 1000)) {
                throw new IllegalArgumentException("synthetic source fps must be in (0, 1000], got " + fps);
            }
            if (!(minSegmentSeconds > 0) || !(maxSegmentSeconds >= minSegmentSeconds)
                    || Double.isInfinite(maxSegmentSeconds)) {
                throw new IllegalArgumentException("segment seconds must satisfy 0 < min <= max < infinity, got "
                        + minSegmentSeconds + ".." + maxSegmentSeconds);
            }
            actions = Action.selection(Objects.requireNonNull(actions, "actions"));
        }

        /** 160x120 at 25 fps, seed 1, KTH's six actions switching every 3 to 6 seconds. */
        public static Settings defaults() {
            return new Settings(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS, 1, 3, 6);
        }

        /**
         * Parses a source string {@code synthetic[:WIDTHxHEIGHT[@FPS]][?seed=N][&actions=A,B,...]}, e.g.
         * {@code synthetic}, {@code synthetic:320x240}, {@code synthetic:320x240@30}, {@code synthetic?seed=2}
         * (another sequence of actors and actions, so that several synthetic streams differ) or
         * {@code synthetic?seed=2&actions=walking,squats} (only those actions; the parameters in any order);
         * unspecified parts take the defaults.
         */
        public static Settings parse(String source) {
            Matcher m = SOURCE.matcher(source == null ? "" : source.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a synthetic source: '" + source
                        + "', expected " + FORM + ", e.g. synthetic:160x120@25?seed=2&actions=walking,squats");
            }
            Settings d = defaults();
            long seed = d.seed();
            List<Action> actions = d.actions();
            if (m.group(4) != null) {
                Set<String> given = new HashSet<>();
                for (String parameter : m.group(4).split("&", -1)) {
                    int eq = parameter.indexOf('=');
                    String key = eq < 0 ? parameter : parameter.substring(0, eq);
                    String value = eq < 0 ? "" : parameter.substring(eq + 1);
                    if (!given.add(key)) {
                        throw new IllegalArgumentException("synthetic source '" + source + "' gives " + key + " twice");
                    }
                    switch (key) {
                        case "seed" -> {
                            if (!SEED.matcher(value).matches()) {
                                throw new IllegalArgumentException("synthetic source seed must be 0.."
                                        + "999999999999999999, got '" + value + "' in '" + source + "'");
                            }
                            seed = Long.parseLong(value);
                        }
                        case "actions" -> {
                            try {
                                actions = Action.parseList(value);
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException("synthetic source '" + source + "': "
                                        + e.getMessage(), e);
                            }
                        }
                        default -> throw new IllegalArgumentException("synthetic source '" + source
                                + "' has an unknown parameter '" + key + "', expected " + FORM);
                    }
                }
            }
            try {
                int w = m.group(1) == null ? d.width() : Integer.parseInt(m.group(1));
                int h = m.group(2) == null ? d.height() : Integer.parseInt(m.group(2));
                double fps = m.group(3) == null ? d.fps() : Double.parseDouble(m.group(3));
                return new Settings(w, h, fps, seed, d.minSegmentSeconds(), d.maxSegmentSeconds(), actions);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("synthetic source size out of range: '" + source + "'", e);
            }
        }

        /** Whether {@code source} names the synthetic source (it may still be malformed). */
        public static boolean isSynthetic(String source) {
            String s = source == null ? "" : source.trim();
            return s.equals("synthetic") || s.startsWith("synthetic:") || s.startsWith("synthetic?");
        }

        public Settings withSeed(long newSeed) {
            return new Settings(width, height, fps, newSeed, minSegmentSeconds, maxSegmentSeconds, actions);
        }

        public Settings withSegmentSeconds(double min, double max) {
            return new Settings(width, height, fps, seed, min, max, actions);
        }

        /** The same stream showing only {@code newActions} (in any order; duplicates count once). */
        public Settings withActions(Collection<Action> newActions) {
            return new Settings(width, height, fps, seed, minSegmentSeconds, maxSegmentSeconds,
                    Action.selection(newActions));
        }
    }
}
