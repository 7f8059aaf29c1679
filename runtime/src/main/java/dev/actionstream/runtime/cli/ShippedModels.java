package dev.actionstream.runtime.cli;

import dev.actionstream.config.Architecture;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the models shipped with the project live: {@code examples/models/<arch>-synthetic.onnx} under the
 * installation ({@code -Dactionstream.home}, which the launcher sets) or else the working directory.
 */
final class ShippedModels {

    static final String HOME_PROPERTY = "actionstream.home";

    private final Path home;

    ShippedModels(Path home) {
        this.home = home;
    }

    /** From {@code -Dactionstream.home}, else the working directory. */
    static ShippedModels fromSystem() {
        String home = System.getProperty(HOME_PROPERTY);
        return new ShippedModels(Path.of(home == null || home.isBlank() ? "" : home).toAbsolutePath());
    }

    Path model(Architecture architecture) {
        return home.resolve("examples").resolve("models")
                .resolve(architecture.id().toLowerCase(Locale.ROOT) + "-synthetic.onnx");
    }

    /** What to tell the user when {@link #model} does not exist. */
    String missing(Architecture architecture) {
        return "the shipped model " + model(architecture) + " is missing: train and export it (see README, "
                + "'./actionstream train' then './actionstream export'), or pass --model FILE";
    }
}
