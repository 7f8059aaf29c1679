package dev.actionstream.trainer.train;

import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.calibration.CalibrationFit;
import dev.actionstream.trainer.calibration.StatisticsFile;
import dev.actionstream.trainer.dataset.PreparedDataset;
import dev.actionstream.trainer.dataset.SamplingSurvey;
import dev.actionstream.trainer.dataset.WindowSet;
import dev.actionstream.trainer.model.ModelSummary;
import dev.actionstream.trainer.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code actionstream train}: decode the dataset, build the network, train it, and fill the {@link RunFolder}
 * (model, spec, config, split, metrics, evaluation on the held-out test split, plots, summary).
 */
public final class TrainingRun {

    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final TrainingConfig config;
    private final PrintWriter log;
    private final boolean progress;
    private final TrainingProgress watcher;
    private final String name;

    public TrainingRun(TrainingConfig config, PrintWriter log, boolean progress) {
        this(config, log, progress, TrainingProgress.NONE);
    }

    /** @param watcher told of each stage, batch and epoch (e.g. {@code --progress-json}) */
    public TrainingRun(TrainingConfig config, PrintWriter log, boolean progress, TrainingProgress watcher) {
        this(config, log, progress, watcher, null);
    }

    private TrainingRun(TrainingConfig config, PrintWriter log, boolean progress, TrainingProgress watcher,
                        String name) {
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        this.progress = progress;
        this.watcher = Objects.requireNonNull(watcher, "watcher");
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("a model name must not be blank");
        }
        this.name = name;
    }

    /** The same run, its model named {@code modelName} in the spec instead of {@code <architecture>-<data folder>}. */
    public TrainingRun named(String modelName) {
        return new TrainingRun(config, log, progress, watcher, Objects.requireNonNull(modelName, "modelName").trim());
    }

    /** What a finished run produced. */
    public record Outcome(RunFolder run, ModelSpec spec, TrainingResult training, EvaluationReport evaluation,
                          List<String> skipped) {
    }

    public Outcome train(Path dataDir, RunFolder run) throws IOException {
        return train(dataDir, run, new StopRequest());
    }

    /** @param stop ends the training early; the run is still written, with the best epoch finished by then */
    public Outcome train(Path dataDir, RunFolder run, StopRequest stop) throws IOException {
        if (config.trainLayers().keepsEncoderLayers()) {
            FrozenEncoder.check(config);
        }
        Files.createDirectories(run.root());
        Files.writeString(run.config(), ConfigLoader.toYaml(config));
        watcher.phase("decoding");
        PreparedDataset data = PreparedDataset.load(dataDir, config.dataset(), run.split(), progress);
        log.printf("dataset %s: %d classes %s; windows train %d, validation %d, test %d; %d skipped%n", dataDir,
                data.classes().size(), data.classes(), data.train().size(), data.validation().size(),
                data.test().size(), data.skipped().size());

        SamplingSurvey.Result timing = SamplingSurvey.of(data.train().files(), config.dataset());
        if (timing.warning() != null) {
            log.println(timing.warning());
        }
        ModelSpec spec = specFor(dataDir, run.trainingDataReference(dataDir), data.classes(), Instant.now())
                .withSampling(timing.sampling());
        log.printf("sampling: %s, %.3f s between frames (clips %.3f to %.3f s): windows span %.2f s%n",
                timing.sampling().mode().id(), timing.sampling().intervalSeconds(),
                timing.sampling().minIntervalSeconds(), timing.sampling().maxIntervalSeconds(),
                timing.sampling().windowSeconds(spec.framesPerWindow()));
        run.writeSpec(spec);
        MultiLayerNetwork net = NetworkFactory.build(config, spec);
        if (!config.initFrom().isEmpty()) {
            log.println(InitialWeights.copy(Path.of(config.initFrom()), spec, net, config.initLayers()));
        }
        Files.writeString(run.summary(), ModelSummary.of(net, spec));
        log.printf("%s: %,d parameters%n", spec.name(), net.numParams());
        log.flush();

        MultiLayerNetwork learning = net;
        if (config.trainLayers().keepsEncoderLayers()) {
            learning = FrozenEncoder.freeze(net, config);
            log.println(config.trainLayers() == TrainingConfig.TrainLayers.HEAD
                    ? "training the head only: the per-frame encoder keeps the weights of " + config.initFrom()
                    : "training the head and the encoder's last stage: the earlier stages keep the weights of "
                    + config.initFrom());
        }

        List<EpochMetrics> soFar = new ArrayList<>();
        NativeMemoryGuard memory = NativeMemoryGuard.forThisMachine();
        Trainer trainer = new Trainer(config, spec, m -> {
            soFar.add(m);
            log.printf("epoch %d: loss %.4f acc %.3f val_loss %.4f val_acc %.3f (%.1f s)%n", m.epoch(), m.loss(),
                    m.accuracy(), m.valLoss(), m.valAccuracy(), m.seconds());
            log.flush();
            try {
                MetricsCsv.write(run.metrics(), soFar);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + run.metrics(), e);
            }
        }, progress, memory, watcher);
        watcher.phase("training");
        TrainingResult result = trainer.fit(learning, data.train(), data.validation(), stop);
        if (learning != net) {
            FrozenEncoder.copyBack(learning, net);
        }
        String ending = result.stoppedOnRequest() ? "stopped on request after epoch " + result.epochs().size()
                : result.stoppedEarly() ? "stopped early" : "all epochs run";
        log.printf("kept epoch %d (%s); native memory budget %.1f GB, %d collections to keep to it%n",
                result.bestEpoch(), ending,
                memory.budgetBytes() / 1e9, memory.collections());
        log.flush();
        run.writeModel(net);

        watcher.phase("evaluating");
        ReportPlots.loss(run.lossPlot(), result.epochs());
        ReportPlots.accuracy(run.accuracyPlot(), result.epochs());
        EvaluationReport evaluation = evaluateHeldOut(net, spec, data);
        if (data.train().size() > 0 && data.validation().size() > 0 && data.test().size() > 0) {
            watcher.phase("calibrating");
            CalibrationFit.Fitted fitted = new CalibrationFit(net, spec, config.batchSize()).fit(data.train(),
                    data.validation(), data.test(), "train split of " + Path.of(spec.trainingData()).getFileName(),
                    "test");
            spec = spec.withCalibration(fitted.calibration());
            run.writeSpec(spec);
            StatisticsFile.write(run.featureStatistics(), fitted.statistics());
            evaluation = evaluation.withCalibration(fitted.report());
            ReportPlots.reliability(run.reliabilityPlot(), fitted.before(), fitted.after(),
                    fitted.calibration().temperature());
            Files.writeString(run.summary(), System.lineSeparator() + fitted.report().describe(),
                    java.nio.file.StandardOpenOption.APPEND);
            log.print(fitted.report().describe());
        } else {
            log.println("calibration skipped: it needs training, validation and test windows");
        }
        evaluation.write(run.evaluation());
        ReportPlots.confusion(run.confusionPlot(), evaluation);
        log.printf("%s accuracy %.3f, macro F1 %.3f on %d windows%n", evaluation.split(), evaluation.accuracy(),
                evaluation.macro().f1(), evaluation.windows());
        log.flush();
        watcher.phase("written");
        return new Outcome(run, spec, result, evaluation, data.skipped());
    }

    /** The test split; a dataset too small to have one is scored on validation, then training, and says so. */
    private EvaluationReport evaluateHeldOut(MultiLayerNetwork net, ModelSpec spec, PreparedDataset data) {
        Evaluator evaluator = new Evaluator(spec, config.batchSize());
        String[] names = {"test", "validation", "train"};
        WindowSet[] sets = {data.test(), data.validation(), data.train()};
        for (int i = 0; i < sets.length; i++) {
            if (sets[i].size() > 0) {
                if (i > 0) {
                    log.printf("warning: the test split is empty; evaluation.json scores the %s split%n", names[i]);
                }
                return evaluator.evaluate(net, sets[i], names[i]);
            }
        }
        throw new IllegalStateException("no windows to evaluate");
    }

    /** @param dataReference how the spec names the data folder, see {@link RunFolder#trainingDataReference} */
    ModelSpec specFor(Path dataDir, String dataReference, List<String> classes, Instant now) {
        DatasetConfig d = config.dataset();
        String dataName = dataDir.toAbsolutePath().normalize().getFileName() == null ? "data"
                : dataDir.toAbsolutePath().normalize().getFileName().toString();
        return new ModelSpec(name != null ? name : config.architecture().id() + "-" + dataName, VERSION.format(now),
                config.architecture(), classes, d.framesPerWindow(), d.frameHeight(), d.frameWidth(), 3,
                d.channelOrder(), d.normalisation(), dataReference, now.toString());
    }
}
