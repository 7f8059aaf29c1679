package dev.actionstream.runtime.jobs;

import java.util.List;

/**
 * A model a job trained, exported and checked, waiting to be shadowed or promoted: never served until promoted.
 * {@code key} is its file name (what it will be called in the models folder); {@code files} are its ONNX files in the
 * job folder (one, or three with the split form); {@code heldOutAccuracy} is the trainer's accuracy on the held-out
 * split of the job's dataset.
 */
public record Candidate(String key, String jobId, String name, String version, List<String> labels, String run,
                        List<String> files, Double heldOutAccuracy, String registeredAt) {

    public Candidate {
        labels = List.copyOf(labels);
        files = List.copyOf(files);
    }
}
