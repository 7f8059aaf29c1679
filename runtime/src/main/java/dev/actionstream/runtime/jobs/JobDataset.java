package dev.actionstream.runtime.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A job's dataset, checked before any process starts: the label folders to train on and how many clips each holds.
 * Refused (422, with the reason) when fewer than two labels remain, a label has fewer than the minimum of clips, a
 * requested label has no folder, or a label clashes with one of the base model's (the same action spelled
 * differently, e.g. {@code Waving} against {@code waving}, which would train as two classes).
 */
public record JobDataset(Path root, Map<String, Integer> clips) {

    /** Reads {@code root}'s label folders (clips are files other than hidden ones and capture sidecars). */
    static JobDataset scan(Path root, List<String> wanted, List<String> baseLabels, int minClips)
            throws JobRefusedException {
        if (!Files.isDirectory(root)) {
            throw new JobRefusedException(404, "dataset " + root + " does not exist");
        }
        Map<String, Integer> all = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                try (Stream<Path> files = Files.list(d)) {
                    all.put(name, (int) files.filter(Files::isRegularFile).filter(p -> isClip(p)).count());
                }
            }
        } catch (IOException e) {
            throw new JobRefusedException(500, "cannot read dataset " + root + ": " + e.getMessage());
        }
        Map<String, Integer> chosen = new LinkedHashMap<>();
        if (wanted.isEmpty()) {
            chosen.putAll(all);
        } else {
            for (String l : wanted) {
                if (!all.containsKey(l)) {
                    throw new JobRefusedException(422, "label '" + l + "' has no folder in dataset " + root
                            + "; it has " + all.keySet());
                }
                chosen.put(l, all.get(l));
            }
        }
        if (chosen.size() < 2) {
            throw new JobRefusedException(422, "dataset " + root.getFileName() + " has " + chosen.size()
                    + " label(s) " + chosen.keySet() + ": a model needs at least two; capture clips of another "
                    + "action (or of people doing none of them)");
        }
        List<String> few = new ArrayList<>();
        chosen.forEach((l, n) -> {
            if (n < minClips) {
                few.add(l + " (" + n + ")");
            }
        });
        if (!few.isEmpty()) {
            throw new JobRefusedException(422, "too few clips: " + String.join(", ", few) + "; each label needs at "
                    + "least " + minClips + " (some for training, some held out to check the result)");
        }
        Map<String, String> baseByKey = new HashMap<>();
        for (String b : baseLabels) {
            baseByKey.put(key(b), b);
        }
        for (String l : chosen.keySet()) {
            String b = baseByKey.get(key(l));
            if (b != null && !b.equals(l)) {
                throw new JobRefusedException(422, "label '" + l + "' clashes with the base model's '" + b
                        + "': the same action spelled differently would train as two classes; rename the folder to '"
                        + b + "'");
            }
        }
        return new JobDataset(root, chosen);
    }

    /** Lower case, letters and digits only: {@code Hand_Waving} and {@code handwaving} are one action. */
    static String key(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static boolean isClip(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && !n.endsWith(".json") && !n.endsWith(".part") && !n.endsWith(".tmp");
    }

    /**
     * Writes the job's own data folder: one link per chosen label to its folder, so the trainer sees exactly these
     * labels and the captured clips are neither copied nor changed.
     */
    void linkInto(Path data) throws IOException {
        Files.createDirectories(data);
        for (String l : clips.keySet()) {
            Files.createSymbolicLink(data.resolve(l), root.resolve(l).toAbsolutePath().normalize());
        }
    }

    public List<String> labels() {
        return List.copyOf(clips.keySet());
    }
}
