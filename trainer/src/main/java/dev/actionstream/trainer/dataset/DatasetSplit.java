package dev.actionstream.trainer.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A stratified train/validation/test split: within every class, videos are shuffled with the split seed and cut by the
 * configured fractions. Written to {@code split.json} (paths relative to the dataset root) so evaluation of a run is
 * reproducible even if the folder gains files later.
 */
public record DatasetSplit(List<String> classes, long seed, List<String> train, List<String> validation,
                           List<String> test) {

    public DatasetSplit {
        classes = List.copyOf(classes);
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** Splits {@code samples} (already known to be readable) class by class. */
    public static DatasetSplit stratified(Path root, List<String> classes, List<VideoSample> samples,
                                          DatasetConfig config) {
        Map<Integer, List<VideoSample>> byClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            byClass.put(c, new ArrayList<>());
        }
        samples.stream().sorted(Comparator.comparing(s -> s.file().toString()))
                .forEach(s -> byClass.get(s.labelIndex()).add(s));
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> test = new ArrayList<>();
        Random random = new Random(config.splitSeed());
        for (List<VideoSample> group : byClass.values()) {
            Collections.shuffle(group, random);
            int n = group.size();
            int nTest = (int) Math.round(n * config.testFraction());
            int nValidation = (int) Math.round(n * config.validationFraction());
            if (nTest + nValidation >= n && n > 0) {
                // Tiny classes: keep at least one training video.
                nValidation = Math.max(0, n - 1 - nTest);
                nTest = Math.min(nTest, n - 1);
            }
            for (int i = 0; i < n; i++) {
                String relative = root.relativize(group.get(i).file()).toString();
                if (i < nTest) {
                    test.add(relative);
                } else if (i < nTest + nValidation) {
                    validation.add(relative);
                } else {
                    train.add(relative);
                }
            }
        }
        Collections.sort(train);
        Collections.sort(validation);
        Collections.sort(test);
        return new DatasetSplit(classes, config.splitSeed(), train, validation, test);
    }

    public void write(Path file) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".split", ".tmp");
            Files.writeString(tmp, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write split file " + file, e);
        }
    }

    /** The videos of one part: {@code train}, {@code validation} or {@code test} (any case). */
    public List<String> part(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "train" -> train;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + name
                    + "', expected test, validation or train");
        };
    }

    public static DatasetSplit read(Path file) {
        try {
            return Json.MAPPER.readValue(Files.readString(file), DatasetSplit.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a valid split file: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read split file " + file, e);
        }
    }
}
