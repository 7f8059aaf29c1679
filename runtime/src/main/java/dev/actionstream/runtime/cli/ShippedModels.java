package dev.actionstream.runtime.cli;

import dev.actionstream.config.Architecture;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the models shipped with the project live: {@code examples/models/<arch>-synthetic.onnx} (the clip classifiers)
 * and {@code examples/models/lrcn-synthetic-live.onnx} (the LRCN on 8-frame windows, which follows a live stream's
 * changes of action sooner) under the installation ({@code -Dactionstream.home}, which the launcher sets) or else the
 * working directory. Public because the tools' {@code bench} falls back to them too.
 */
public final class ShippedModels {

    static final String HOME_PROPERTY = "actionstream.home";

    private final Path home;

    ShippedModels(Path home) {
        this.home = home;
    }

    /** From {@code -Dactionstream.home}, else the working directory. */
    public static ShippedModels fromSystem() {
        String home = System.getProperty(HOME_PROPERTY);
        return new ShippedModels(Path.of(home == null || home.isBlank() ? "" : home).toAbsolutePath());
    }

    public Path model(Architecture architecture) {
        return folder().resolve(architecture.id().toLowerCase(Locale.ROOT) + "-synthetic.onnx");
    }

    /** The model the demo serves: the LRCN trained to decide from 8 frames. */
    Path liveModel() {
        return folder().resolve("lrcn-synthetic-live.onnx");
    }

    private Path folder() {
        return home.resolve("examples").resolve("models");
    }

    /** What to tell the user when {@link #model} does not exist. */
    public String missing(Architecture architecture) {
        return missing(model(architecture));
    }

    /** What to tell the user when a shipped model file does not exist. */
    static String missing(Path file) {
        return "the shipped model " + file + " is missing: train and export it (see README, "
                + "'./actionstream train' then './actionstream export'), or pass --model FILE";
    }
}
