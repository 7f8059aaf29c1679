package dev.actionstream.runtime.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How jobs run: where their folders go ({@code jobsDir}), where capture datasets are looked up by name
 * ({@code datasetsDir}), where a default base run is looked for by the serving model's name ({@code runsDirs}), the
 * commands that start the trainer and exporter, how many jobs may wait, the fewest clips a label needs, the default
 * epochs, the free disk a job needs before it starts, and how many finished job folders are kept ({@code keepJobs}:
 * older ones are deleted, but never one that holds a candidate or the serving model's files).
 */
public record JobSettings(Path jobsDir, Path datasetsDir, List<Path> runsDirs, TrainerCommands commands,
                          int maxQueued, int minClipsPerLabel, int defaultEpochs, long minFreeBytes, int keepJobs) {

    /** Keeps this many finished job folders by default. */
    public static final int DEFAULT_KEEP_JOBS = 20;

    public JobSettings(Path jobsDir, Path datasetsDir, List<Path> runsDirs, TrainerCommands commands, int maxQueued,
                       int minClipsPerLabel, int defaultEpochs, long minFreeBytes) {
        this(jobsDir, datasetsDir, runsDirs, commands, maxQueued, minClipsPerLabel, defaultEpochs, minFreeBytes,
                DEFAULT_KEEP_JOBS);
    }

    public JobSettings {
        Objects.requireNonNull(jobsDir, "jobsDir");
        Objects.requireNonNull(datasetsDir, "datasetsDir");
        runsDirs = List.copyOf(runsDirs);
        Objects.requireNonNull(commands, "commands");
        if (maxQueued < 0 || minClipsPerLabel < 1 || defaultEpochs < 1 || minFreeBytes < 0 || keepJobs < 1) {
            throw new IllegalArgumentException("jobs: maxQueued >= 0, minClipsPerLabel >= 1, defaultEpochs >= 1, "
                    + "minFreeBytes >= 0, keepJobs >= 1");
        }
    }

    /** Defaults beside {@code serve}'s folders: 4 queued, 3 clips a label, 10 epochs, 256 MiB free. */
    public static JobSettings defaults(Path jobsDir, Path datasetsDir, List<Path> runsDirs, TrainerCommands commands) {
        return new JobSettings(jobsDir, datasetsDir, runsDirs, commands, 4, 3, 10, 256L << 20);
    }

    public JobSettings withMinClipsPerLabel(int n) {
        return new JobSettings(jobsDir, datasetsDir, runsDirs, commands, maxQueued, n, defaultEpochs, minFreeBytes,
                keepJobs);
    }

    public JobSettings withMinFreeBytes(long n) {
        return new JobSettings(jobsDir, datasetsDir, runsDirs, commands, maxQueued, minClipsPerLabel, defaultEpochs, n,
                keepJobs);
    }

    public JobSettings withKeepJobs(int n) {
        return new JobSettings(jobsDir, datasetsDir, runsDirs, commands, maxQueued, minClipsPerLabel, defaultEpochs,
                minFreeBytes, n);
    }
}
