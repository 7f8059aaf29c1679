package dev.actionstream.trainer.train;

/**
 * One row of {@code metrics.csv}. Training loss and accuracy are averaged over the epoch's minibatches (loss as DL4J
 * scored each minibatch while fitting it; accuracy from an inference pass on each minibatch just before its update);
 * validation figures come from {@link Evaluator} after the epoch. They are NaN when there is no validation split.
 */
public record EpochMetrics(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
                           double learningRate, double seconds) {
}
