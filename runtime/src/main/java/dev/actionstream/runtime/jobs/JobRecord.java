package dev.actionstream.runtime.jobs;

import java.util.List;

/**
 * One job as {@code GET /api/jobs} lists it and as {@code job.json} in its folder keeps it. Immutable: every change is
 * a new record, persisted and sent as a job event. {@code reason} says why a job failed, was cancelled or
 * interrupted; {@code candidate} is the key of the model it registered, only once it succeeded.
 */
public record JobRecord(
        String id,
        JobState state,
        String dataset,
        String base,
        int epochs,
        double timeBudgetSeconds,
        Double learningRate,
        List<String> labels,
        JobProgress progress,
        String reason,
        String candidate,
        String folder,
        String createdAt,
        String startedAt,
        String endedAt) {

    public JobRecord {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    JobRecord with(JobState newState, String newReason) {
        return new JobRecord(id, newState, dataset, base, epochs, timeBudgetSeconds, learningRate, labels, progress,
                newReason, candidate, folder, createdAt, startedAt, endedAt);
    }

    JobRecord withProgress(JobProgress p) {
        return new JobRecord(id, state, dataset, base, epochs, timeBudgetSeconds, learningRate, labels, p, reason,
                candidate, folder, createdAt, startedAt, endedAt);
    }

    JobRecord started(String at, String resolvedBase, List<String> resolvedLabels) {
        return new JobRecord(id, JobState.TRAINING, dataset, resolvedBase, epochs, timeBudgetSeconds, learningRate,
                resolvedLabels, JobProgress.starting("decoding"), null, candidate, folder, createdAt, at, endedAt);
    }

    JobRecord ended(JobState s, String why, String key, String at) {
        return new JobRecord(id, s, dataset, base, epochs, timeBudgetSeconds, learningRate, labels, progress, why, key,
                folder, createdAt, startedAt, at);
    }
}
