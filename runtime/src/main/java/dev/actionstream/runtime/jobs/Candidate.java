package dev.actionstream.runtime.jobs;

import dev.actionstream.runtime.evaluation.HeldOutComparison;

import java.util.List;

/**
 * A model a job trained, exported and checked, waiting to be shadowed or promoted: never served until promoted.
 * {@code key} is its file name (what it will be called in the models folder); {@code files} are its ONNX files in the
 * job folder (one, or three with the split form); {@code heldOutAccuracy} is the trainer's accuracy on the held-out
 * split of the job's dataset; {@code heldOut} the runtime's own scoring of the held-out captured clips by this
 * candidate and by the model serving when it was registered, side by side (null for a candidate registered before it
 * existed); {@code decision} what the promotion policy made of it (null until it was asked).
 */
public record Candidate(String key, String jobId, String name, String version, List<String> labels, String run,
                        List<String> files, Double heldOutAccuracy, HeldOutComparison heldOut, String registeredAt,
                        Decision decision) {

    /**
     * The promotion policy's answer: {@code outcome} {@code promoted}, {@code refused} (the reason names the figure
     * that stopped it) or {@code manual} (the policy is off: it waits for the Promote button).
     */
    public record Decision(String outcome, String reason, String at) {
    }

    public Candidate {
        labels = List.copyOf(labels);
        files = List.copyOf(files);
    }

    public Candidate withDecision(Decision d) {
        return new Candidate(key, jobId, name, version, labels, run, files, heldOutAccuracy, heldOut, registeredAt, d);
    }
}
