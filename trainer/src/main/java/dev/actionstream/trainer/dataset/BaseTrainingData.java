package dev.actionstream.trainer.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.actionstream.config.BuildInfo;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.Json;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a run trained on, as recorded in its run folder's {@code training-data.json}: the {@code synth} settings that
 * write its clips again, byte for byte. A job that fine-tunes the run on newly captured clips merges some of these
 * back in, so the run's own actions are not forgotten.
 *
 * <p>Clip {@code i} of an action depends only on its recipe's seed and geometry, not on how many are written, so the
 * first {@code n} clips of a recipe are the first {@code n} the run trained on. A job whose windows span more frames
 * than a recipe wrote (a slower frame rate, for a longer stretch of time) has that recipe's clips written longer: the
 * same people in the same scenes, for as long as one window needs.
 */
public record BaseTrainingData(List<SynthRecipe> synthetic) {

    /** The file in a run folder that records it. */
    public static final String FILE = "training-data.json";

    /** This build's folder in a clip cache: its version and commit. */
    static final String BUILD = BuildInfo.current().version() + "-" + BuildInfo.current().commit();

    public BaseTrainingData {
        synthetic = List.copyOf(synthetic);
        if (synthetic.isEmpty()) {
            throw new IllegalArgumentException(FILE + ": lists no synthetic recipe");
        }
    }

    /** One {@code actionstream synth} invocation. */
    public record SynthRecipe(long seed, int videosPerClass, int frames, int width, int height, double fps,
                              double leadIn, int leadInFrames, List<String> actions) {

        public SynthRecipe {
            actions = actions == null || actions.isEmpty() ? Action.labels() : List.copyOf(actions);
            if (videosPerClass < 1 || frames < 1) {
                throw new IllegalArgumentException(FILE + ": videosPerClass and frames must be >= 1");
            }
        }

        /** Frames per clip for windows sampled as {@code config} says: the recipe's, or as many as one window spans. */
        public int framesFor(DatasetConfig config) {
            return Math.max(frames, config.framesSpanned(fps));
        }

        /**
         * The folder name of this recipe's clips of {@code length} frames in a clip cache's folder for this build:
         * readable, and unique to everything else that decides the clips' bytes.
         */
        String cacheKey(int length) {
            String identity = this + "|" + length;
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
                return String.format(Locale.ROOT, "seed%d-%dx%d-%dframes-%s", seed, width, height, length,
                        HexFormat.of().formatHex(digest, 0, 6));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }

        /** The recipe writing its first {@code n} clips per action into {@code out}, of {@code length} frames. */
        SyntheticDatasetWriter.Settings settings(Path out, int n, int length) {
            return new SyntheticDatasetWriter.Settings(out, n, seed, width, height, length, fps,
                    new SyntheticDatasetWriter.LeadIn(leadIn, leadIn == 0 ? 0 : leadInFrames),
                    Action.parseList(String.join(",", actions)));
        }
    }

    /** Reads {@code run}'s record; a run without one cannot be merged, and the message says so. */
    public static BaseTrainingData of(Path run) {
        Path file = run.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("run " + run + " does not record its training data (no " + FILE
                    + "): its own clips cannot be merged");
        }
        try {
            return Json.MAPPER.readValue(Files.readString(file), BaseTrainingData.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The actions the recipes write, in order of first mention. */
    public List<String> actions() {
        List<String> out = new ArrayList<>();
        for (SynthRecipe r : synthetic) {
            r.actions().stream().filter(a -> !out.contains(a)).forEach(out::add);
        }
        return out;
    }

    /**
     * How many clips per action each recipe gives when {@code perAction} are wanted in all: shared in proportion to
     * the recipes' sizes (the run's own mix), each at least one and at most its size.
     */
    public int[] share(int perAction) {
        long total = synthetic.stream().mapToLong(SynthRecipe::videosPerClass).sum();
        int[] n = new int[synthetic.size()];
        for (int i = 0; i < n.length; i++) {
            SynthRecipe r = synthetic.get(i);
            n[i] = (int) Math.max(1, Math.min(r.videosPerClass(), Math.round((double) perAction * r.videosPerClass()
                    / total)));
        }
        return n;
    }

    /**
     * Writes {@code perAction} clips of each action (shared as {@link #share}) into {@code out}, one sub-folder per
     * recipe ({@code out/r<i>/<action>/...}), each long enough for a window sampled as {@code config} says; returns
     * those sub-folders.
     */
    public List<Path> regenerate(Path out, int perAction, DatasetConfig config) throws IOException {
        return regenerate(out, perAction, config, null).folders();
    }

    /**
     * As {@link #regenerate(Path, int, DatasetConfig)}, keeping the clips in {@code cache} (null: no cache) for later
     * runs: one folder per build, recipe and clip length, filled with the clips it lacks, whose clips {@code out} then
     * holds as hard links (copies where the file system has none); other builds' folders are dropped. Clip {@code i}
     * depends only on its recipe, so a later job that wants more clips writes only the new ones.
     */
    public Regenerated regenerate(Path out, int perAction, DatasetConfig config, Path cache) throws IOException {
        int[] n = share(perAction);
        List<Path> folders = new ArrayList<>();
        int written = 0;
        int total = 0;
        for (int i = 0; i < n.length; i++) {
            Path dir = out.resolve("r" + i);
            SynthRecipe r = synthetic.get(i);
            int length = r.framesFor(config);
            if (cache == null) {
                written += new SyntheticDatasetWriter(r.settings(dir, n[i], length)).write(false).videos();
            } else {
                SyntheticDatasetWriter cached = new SyntheticDatasetWriter(r.settings(
                        cache.resolve(BUILD).resolve(r.cacheKey(length)), n[i], length));
                written += cached.writeMissing(false).videos();
                for (Action action : cached.settings().actions()) {
                    Path to = Files.createDirectories(dir.resolve(action.id()));
                    for (int k = 0; k < n[i]; k++) {
                        Path clip = cached.videoPath(action, k);
                        linkOrCopy(clip, to.resolve(clip.getFileName()));
                    }
                }
            }
            total += n[i] * r.actions().size();
            folders.add(dir);
        }
        if (cache != null) {
            dropOtherBuilds(cache);
        }
        return new Regenerated(folders, written, total - written);
    }

    /**
     * Removes the clips other builds left in {@code cache}: another build may draw its people otherwise, so they are
     * never taken, and a cache kept across upgrades would otherwise grow by a set of clips with each. Runs that linked
     * them keep their own links.
     */
    private static void dropOtherBuilds(Path cache) throws IOException {
        List<Path> others;
        try (Stream<Path> builds = Files.list(cache)) {
            others = builds.filter(b -> !b.getFileName().toString().equals(BUILD)).toList();
        }
        for (Path other : others) {
            try (Stream<Path> files = Files.walk(other)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The recipes' folders, and how many clips were written and how many came from the cache. */
    public record Regenerated(List<Path> folders, int written, int reused) {
    }

    private static void linkOrCopy(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
