package dev.actionstream.trainer.train;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.WindowSet;
import dev.actionstream.trainer.model.NetworkInput;
import dev.actionstream.trainer.model.NetworkOutput;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The training loop: Adam (configured in the network), minibatches drawn from an order reshuffled every epoch, early
 * stopping on validation loss (training loss when there is no validation split) with {@code patience} epochs, and the
 * best epoch's weights restored at the end ({@code patience = 0} disables stopping, not the restore). A
 * {@link StopRequest} ends it after the current batch: the unfinished epoch is dropped and the best one restored.
 *
 * <p>With {@code plateau} on, the learning rate is cut by its factor after {@code plateau.patience} epochs without a new
 * best (Keras's ReduceLROnPlateau); metrics.csv records the rate each epoch ran with.
 *
 * <p>With {@code mirror} on, each training window is flipped left to right with probability 1/2 ({@link WindowMirror});
 * with {@code colourCast} above 0 each gets a colour cast of its own ({@link WindowColour}).
 * Training accuracy comes from {@code fit}'s own forward pass ({@link BatchAccuracyListener}).
 *
 * <p>Deterministic for a seed on one machine: the shuffle uses {@code java.util.Random(seed)} and ND4J's generator (it
 * draws the dropout masks) is reseeded with the same seed before the first epoch.
 */
public final class Trainer {

    private final TrainingConfig config;
    private final ModelSpec spec;
    private final Consumer<EpochMetrics> onEpoch;
    private final boolean progressBar;
    private final UnaryOperator<float[]> augmentation;
    private final NativeMemoryGuard memory;
    private final TrainingProgress progress;

    /**
     * @param onEpoch     called after every epoch (e.g. to rewrite metrics.csv)
     * @param progressBar whether to draw a console progress bar per epoch
     */
    public Trainer(TrainingConfig config, ModelSpec spec, Consumer<EpochMetrics> onEpoch, boolean progressBar) {
        this(config, spec, onEpoch, progressBar, NativeMemoryGuard.forThisMachine());
    }

    /** @param memory checked after every training and evaluation batch */
    public Trainer(TrainingConfig config, ModelSpec spec, Consumer<EpochMetrics> onEpoch, boolean progressBar,
                   NativeMemoryGuard memory) {
        this(config, spec, onEpoch, progressBar, memory, TrainingProgress.NONE);
    }

    /** @param progress told of every batch and epoch, for a process watching this one */
    public Trainer(TrainingConfig config, ModelSpec spec, Consumer<EpochMetrics> onEpoch, boolean progressBar,
                   NativeMemoryGuard memory, TrainingProgress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.config = Objects.requireNonNull(config, "config");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.onEpoch = Objects.requireNonNull(onEpoch, "onEpoch");
        this.progressBar = progressBar;
        UnaryOperator<float[]> mirror = config.mirror()
                ? new WindowMirror(spec.framesPerWindow() * spec.channels(), spec.frameHeight(), spec.frameWidth(),
                        config.seed())
                : UnaryOperator.identity();
        UnaryOperator<float[]> colour = config.colourCast() > 0
                ? new WindowColour(spec.framesPerWindow(), spec.channels(), spec.frameHeight(), spec.frameWidth(),
                        spec.normalisation(), config.colourCast(), config.seed())
                : UnaryOperator.identity();
        this.augmentation = w -> colour.apply(mirror.apply(w));
    }

    public TrainingResult fit(MultiLayerNetwork net, WindowSet train, WindowSet validation) {
        return fit(net, train, validation, new StopRequest());
    }

    public TrainingResult fit(MultiLayerNetwork net, WindowSet train, WindowSet validation, StopRequest stop) {
        stop.trainingStarted();
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training split is empty: nothing to train on");
        }
        Nd4j.getRandom().setSeed(config.seed());
        Random shuffle = new Random(config.seed());
        Evaluator evaluator = new Evaluator(spec, config.batchSize(), memory);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<EpochMetrics> epochs = new ArrayList<>();
        INDArray bestParams = null;
        double bestMonitored = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        boolean stoppedOnRequest = false;
        double learningRate = config.learningRate();
        int sinceReduced = 0;
        LearningRates.set(net, learningRate);
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long started = System.nanoTime();
            shuffle(order, shuffle);
            double[] lossAndAccuracy = stop.requested() ? null : runEpoch(net, train, order, epoch, stop);
            if (lossAndAccuracy == null) {
                stoppedOnRequest = true;
                break;
            }
            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (validation.size() > 0) {
                EvaluationReport v = evaluator.evaluate(net, validation, "validation");
                valLoss = v.loss();
                valAccuracy = v.accuracy();
            }
            EpochMetrics metrics = new EpochMetrics(epoch, lossAndAccuracy[0], lossAndAccuracy[1], valLoss,
                    valAccuracy, learningRate, (System.nanoTime() - started) / 1e9);
            epochs.add(metrics);
            stop.epochFinished();
            progress.epoch(metrics, config.epochs());
            double monitored = validation.size() > 0 ? valLoss : metrics.loss();
            if (monitored < bestMonitored) {
                bestMonitored = monitored;
                bestEpoch = epoch;
                bestParams = net.params().dup();
                sinceBest = 0;
                sinceReduced = 0;
            } else {
                sinceBest++;
                sinceReduced++;
            }
            onEpoch.accept(metrics);
            if (config.patience() > 0 && sinceBest >= config.patience() && epoch < config.epochs()) {
                stoppedEarly = true;
                break;
            }
            TrainingConfig.Plateau plateau = config.plateau();
            if (plateau.enabled() && sinceReduced >= plateau.patience() && learningRate > plateau.minimum()) {
                learningRate = Math.max(plateau.minimum(), learningRate * plateau.factor());
                LearningRates.set(net, learningRate);
                sinceReduced = 0;
            }
        }
        if (epochs.isEmpty()) {
            throw new IllegalStateException("training stopped on request before its first epoch finished: "
                    + "no weights worth keeping");
        }
        if (bestParams == null) {
            // Every monitored value was NaN: keep the last finished epoch rather than pretend one epoch was best.
            bestEpoch = epochs.size();
        } else {
            net.setParams(bestParams);
        }
        return new TrainingResult(epochs, bestEpoch, stoppedEarly, stoppedOnRequest);
    }

    /** Returns {mean loss, accuracy} over the epoch, or {@code null} when a stop was requested before its end. */
    private double[] runEpoch(MultiLayerNetwork net, WindowSet train, int[] order, int epoch, StopRequest stop) {
        int batches = (order.length + config.batchSize() - 1) / config.batchSize();
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        BatchAccuracyListener accuracy = new BatchAccuracyListener();
        net.addListeners(accuracy);
        try (ProgressBar bar = progressBar ? new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "Epoch %d/%d", epoch, config.epochs()))
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .build() : null) {
            for (int start = 0; start < order.length; start += config.batchSize()) {
                int end = Math.min(order.length, start + config.batchSize());
                List<float[]> windows = new ArrayList<>(end - start);
                INDArray labels = Nd4j.zeros(net.getLayerWiseConfigurations().getDataType(), end - start,
                        spec.numClasses());
                int[] truth = new int[end - start];
                for (int i = start; i < end; i++) {
                    windows.add(augmentation.apply(train.window(order[i])));
                    truth[i - start] = train.label(order[i]);
                    labels.putScalar(i - start, truth[i - start], 1.0);
                }
                INDArray input = NetworkInput.of(spec.architecture(), windows, spec);
                accuracy.expect(truth);
                net.fit(new DataSet(input, labels));
                memory.afterBatch();
                correct += accuracy.correct();
                lossSum += net.score() * truth.length;
                seen += truth.length;
                progress.batch(epoch, config.epochs(), start / config.batchSize() + 1, batches, lossSum / seen,
                        (double) correct / seen);
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.3f", lossSum / seen,
                            (double) correct / seen));
                }
                if (stop.requested()) {
                    return null;
                }
            }
        } finally {
            net.getListeners().remove(accuracy);
        }
        return new double[] {lossSum / seen, (double) correct / seen};
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
