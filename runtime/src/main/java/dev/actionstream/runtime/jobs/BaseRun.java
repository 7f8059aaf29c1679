package dev.actionstream.runtime.jobs;

import dev.actionstream.config.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run a job starts from: a run folder with the weights ({@code model.zip}), the spec and the config
 * (which the job repeats, so the candidate prepares frames as the base does). Read without DL4J: only its JSON.
 */
public record BaseRun(Path folder, ModelSpec spec) {

    /** Opens {@code folder} as a base run; a 422 names what is missing. */
    public static BaseRun open(Path folder) throws JobRefusedException {
        Path f = folder.toAbsolutePath().normalize();
        for (String needed : List.of("model.zip", "spec.json", "config.yaml")) {
            if (!Files.isRegularFile(f.resolve(needed))) {
                throw new JobRefusedException(422, "base " + folder + " is not a training run folder: no " + needed);
            }
        }
        try {
            return new BaseRun(f, ModelSpec.fromJson(Files.readString(f.resolve("spec.json"))));
        } catch (IOException | RuntimeException e) {
            throw new JobRefusedException(422, "base " + folder + ": unreadable spec.json: " + e.getMessage());
        }
    }

    public List<String> labels() {
        return spec.labels();
    }

    Path config() {
        return folder.resolve("config.yaml");
    }
}
