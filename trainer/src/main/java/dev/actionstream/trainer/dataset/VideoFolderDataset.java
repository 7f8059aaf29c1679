package dev.actionstream.trainer.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset folder in the UCF50/KTH layout: {@code root/<Class>/<video>}. Classes are the sub-folder names in sorted
 * order (that order is the label order of every model trained on it); hidden files and folders are ignored.
 */
public final class VideoFolderDataset {

    private final Path root;
    private final List<String> classes;
    private final List<VideoSample> samples;

    private VideoFolderDataset(Path root, List<String> classes, List<VideoSample> samples) {
        this.root = root;
        this.classes = List.copyOf(classes);
        this.samples = List.copyOf(samples);
    }

    public static VideoFolderDataset scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("dataset folder " + root + " does not exist or is not a folder");
        }
        List<String> classes = new ArrayList<>();
        List<VideoSample> samples = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).filter(p -> !isHidden(p)).map(p -> p.getFileName().toString()).sorted()
                    .forEach(classes::add);
            for (int i = 0; i < classes.size(); i++) {
                int label = i;
                try (Stream<Path> files = Files.list(root.resolve(classes.get(i)))) {
                    files.filter(Files::isRegularFile).filter(p -> !isHidden(p)).filter(p -> !isSidecar(p)).sorted()
                            .forEach(f -> samples.add(new VideoSample(f, classes.get(label), label)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dataset folder " + root, e);
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("dataset folder " + root + " needs at least two class sub-folders "
                    + "(root/<Class>/<video>), found " + classes);
        }
        return new VideoFolderDataset(root, classes, samples);
    }

    /** The JSON a live capture writes next to each clip (serve's /api/captures) is not a video. */
    private static boolean isSidecar(Path p) {
        return p.getFileName().toString().endsWith(".json");
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    public Path root() {
        return root;
    }

    public List<String> classes() {
        return classes;
    }

    public List<VideoSample> samples() {
        return samples;
    }
}
