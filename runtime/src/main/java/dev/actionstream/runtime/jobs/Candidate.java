package dev.actionstream.runtime.jobs;

import dev.actionstream.runtime.evaluation.HeldOutComparison;

import java.util.List;

/**
 * A model a job trained, exported and checked, waiting to be shadowed or promoted: never served until promoted.
 * {@code key} is its file name (what it will be called in the models folder); {@code files} are its ONNX files in the
 * job folder (one, or three with the split form); {@code heldOutAccuracy} is the trainer's accuracy on the held-out
 * split of the job's dataset; {@code heldOut} the runtime's own scoring of the held-out captured clips by this
 * candidate and by the model serving when it was registered, side by side (null for a candidate registered before it
 * existed).
 */
public record Candidate(String key, String jobId, String name, String version, List<String> labels, String run,
                        List<String> files, Double heldOutAccuracy, HeldOutComparison heldOut, String registeredAt) {

    public Candidate {
        labels = List.copyOf(labels);
        files = List.copyOf(files);
    }
}
