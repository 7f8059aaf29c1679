package dev.actionstream.trainer.train;

import java.util.List;

/**
 * What {@link Trainer#fit} did: every epoch's metrics, the epoch whose weights the network holds now (1-based) and
 * whether early stopping, or a {@link StopRequest}, ended the run before the configured number of epochs.
 */
public record TrainingResult(List<EpochMetrics> epochs, int bestEpoch, boolean stoppedEarly,
                             boolean stoppedOnRequest) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    public EpochMetrics best() {
        return epochs.get(bestEpoch - 1);
    }
}
