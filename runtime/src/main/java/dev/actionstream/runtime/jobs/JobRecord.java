package dev.actionstream.runtime.jobs;

import java.util.List;

/**
 * One job as {@code GET /api/jobs} lists it and as {@code job.json} in its folder keeps it. Immutable: every change is
 * a new record, persisted and sent as a job event. {@code reason} says why a job failed, was cancelled or
 * interrupted; {@code candidate} is the key of the model it registered, only once it succeeded. {@code baseModel} and
 * {@code baseLabels} name the model the job starts from and what it knows, so the labels the job adds are plain to
 * see (null and empty in a record written before they existed). {@code trainLayers} is what the request asked for
 * (null: the default for its base and labels).
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
        String endedAt,
        String baseModel,
        List<String> baseLabels,
        String trainLayers) {

    public JobRecord {
        labels = labels == null ? List.of() : List.copyOf(labels);
        baseLabels = baseLabels == null ? List.of() : List.copyOf(baseLabels);
    }

    /** The job's labels the base model does not know: what the job teaches it. */
    public List<String> newLabels() {
        return labels.stream().filter(l -> !baseLabels.contains(l)).toList();
    }

    JobRecord with(JobState newState, String newReason) {
        return new JobRecord(id, newState, dataset, base, epochs, timeBudgetSeconds, learningRate, labels, progress,
                newReason, candidate, folder, createdAt, startedAt, endedAt, baseModel, baseLabels, trainLayers);
    }

    JobRecord withProgress(JobProgress p) {
        return new JobRecord(id, state, dataset, base, epochs, timeBudgetSeconds, learningRate, labels, p, reason,
                candidate, folder, createdAt, startedAt, endedAt, baseModel, baseLabels, trainLayers);
    }

    JobRecord started(String at, String resolvedBase, List<String> resolvedLabels) {
        return new JobRecord(id, JobState.TRAINING, dataset, resolvedBase, epochs, timeBudgetSeconds, learningRate,
                resolvedLabels, JobProgress.starting("decoding"), null, candidate, folder, createdAt, at, endedAt,
                baseModel, baseLabels, trainLayers);
    }

    JobRecord ended(JobState s, String why, String key, String at) {
        return new JobRecord(id, s, dataset, base, epochs, timeBudgetSeconds, learningRate, labels, progress, why, key,
                folder, createdAt, startedAt, at, baseModel, baseLabels, trainLayers);
    }
}
