package dev.actionstream.runtime.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the trainer and the exporter are started: each as its own process (own JVM and heap, under {@code nice}), never
 * inside the runtime, which must not load DL4J. {@code train} and {@code export} are the command prefixes the job's
 * arguments are appended to: by default the launcher's {@code actionstream train} and {@code actionstream export};
 * tests give {@code java -cp ... TrainerCli train}.
 */
public record TrainerCommands(List<String> train, List<String> export, boolean nice) {

    public TrainerCommands {
        train = List.copyOf(Objects.requireNonNull(train, "train"));
        export = List.copyOf(Objects.requireNonNull(export, "export"));
        if (train.isEmpty() || export.isEmpty()) {
            throw new IllegalArgumentException("the train and export commands must not be empty");
        }
    }

    /** The launcher in {@code home} ({@code actionstream.home}, set by the launcher itself). */
    public static TrainerCommands launcher(Path home) {
        String script = home.resolve("actionstream").toAbsolutePath().normalize().toString();
        return new TrainerCommands(List.of(script, "train"), List.of(script, "export"), niceOnPath());
    }

    /** Whether {@code nice} is there to lower the processes' priority. */
    public static boolean niceOnPath() {
        return Files.isExecutable(Path.of("/usr/bin/nice")) || Files.isExecutable(Path.of("/bin/nice"));
    }

    List<String> trainCommand(List<String> args) {
        return command(train, args);
    }

    List<String> exportCommand(List<String> args) {
        return command(export, args);
    }

    private List<String> command(List<String> prefix, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (nice) {
            // Training must not take the CPU from the streams being served.
            cmd.addAll(List.of("nice", "-n", "10"));
        }
        cmd.addAll(prefix);
        cmd.addAll(args);
        return cmd;
    }
}
