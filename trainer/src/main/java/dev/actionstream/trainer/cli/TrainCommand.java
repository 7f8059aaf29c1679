package dev.actionstream.trainer.cli;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigException;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import dev.actionstream.trainer.dataset.BaseTrainingData;
import dev.actionstream.trainer.dataset.MergedDataset;
import dev.actionstream.trainer.train.JsonLinesProgress;
import dev.actionstream.trainer.train.RunFolder;
import dev.actionstream.trainer.train.TrainingProgress;
import dev.actionstream.trainer.train.StopRequest;
import dev.actionstream.trainer.train.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code train}: trains a ConvLSTM or LRCN on a folder of videos (one sub-folder per class) into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a ConvLSTM or LRCN action recogniser and writes a run folder: model.zip, spec.json, "
                + "config.yaml, split.json, metrics.csv, evaluation.json, loss/accuracy/confusion plots, summary.txt. "
                + "Ctrl-C (or kill) stops it after the current batch and still writes the run, with the best epoch "
                + "finished by then.")
public final class TrainCommand implements Callable<Integer> {

    /** Fewest clips per action merged back: a few windows would not hold an action against the captured ones. */
    private static final int MIN_BASE_CLIPS = 8;

    @Spec
    private CommandSpec spec;

    @Option(names = "--arch", paramLabel = "lrcn|convlstm",
            description = "Architecture (default: the config's architecture, else lrcn).")
    private String arch;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset folder, one sub-folder of videos per class. Without it a synthetic dataset is "
                    + "generated into RUN_DIR/synthetic first.")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Training config (YAML or JSON); lists only the keys it changes.")
    private Path config;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder (default: runs/<arch>-<timestamp>).")
    private Path out;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The model's name in its spec, which events and the live view show (default: "
                    + "<arch>-<data folder name>).")
    private String name;

    @Option(names = "--epochs", paramLabel = "N", description = "Overrides the config's epochs.")
    private Integer epochs;

    @Option(names = "--init", paramLabel = "RUN",
            description = "Start from the weights of an earlier run (fine-tuning); overrides the config's initFrom.")
    private Path init;

    @Option(names = "--init-layers", paramLabel = "all|matching",
            description = "With --init: all layers must fit (fine-tuning), or take the layers that fit and start the "
                    + "rest fresh (transfer to other labels, a wider LSTM, another frame size); overrides the config's "
                    + "initLayers.")
    private String initLayers;

    @Option(names = "--train-layers", paramLabel = "all|top|head",
            description = "With --init (LRCN): every layer learns; or the LSTM, the output layer and the per-frame "
                    + "encoder's last stage (top); or only the LSTM and output layer (head, the split form's head), "
                    + "while the rest keeps the initial run's weights; overrides the config's trainLayers.")
    private String trainLayers;

    @Option(names = "--colour-cast", paramLabel = "STRENGTH",
            description = "Augmentation: each training window gets a random order of colour channels and a gain per "
                    + "channel within 1 +- STRENGTH (0 = off); overrides the config's colourCast.")
    private Double colourCast;

    @Option(names = "--synthetic-videos-per-class", paramLabel = "N", defaultValue = "40",
            description = "Videos per class when generating the synthetic dataset (default: ${DEFAULT-VALUE}).")
    private int syntheticVideos;

    @Option(names = "--no-progress", description = "No progress bars (for logs).")
    private boolean noProgress;

    @Option(names = "--progress-json",
            description = "Also print machine-readable progress on standard output: one line per stage, epoch and "
                    + "(at most twice a second) batch, '" + JsonLinesProgress.PREFIX + "' then a JSON object.")
    private boolean progressJson;

    @Option(names = "--time-budget", paramLabel = "SECONDS",
            description = "Stop after this many seconds of training (decoding not counted), after the current batch, "
                    + "keeping the best epoch; at least one epoch always runs.")
    private Double timeBudget;

    @Option(names = "--window-hop", paramLabel = "FRAMES",
            description = "Slide over each clip: a window every FRAMES sampled frames instead of one from the clip's "
                    + "start, for datasets of long clips (captures); needs the config's rate sampling; overrides its "
                    + "sampling.hop.")
    private Integer windowHop;

    @Option(names = "--merge-base-data",
            description = "With --init: also train on the initial run's own clips, written again from the recipe "
                    + "its run folder records (" + BaseTrainingData.FILE + ") into RUN_DIR/base-data, as many per "
                    + "action as balance the mean label of --data; the labels become both sets', so the run's "
                    + "actions are not forgotten.")
    private boolean mergeBaseData;

    @Option(names = "--base-clips-per-class", paramLabel = "N",
            description = "With --merge-base-data: this many of the initial run's clips per action instead of the "
                    + "balanced number.")
    private Integer baseClipsPerClass;

    @Option(names = "--base-clips-cache", paramLabel = "DIR",
            description = "With --merge-base-data: keep the initial run's clips in DIR and take them from there in "
                    + "later runs (RUN_DIR/base-data then holds hard links), writing only the clips DIR lacks; "
                    + "training jobs keep theirs in the jobs folder.")
    private Path baseClipsCache;

    /** The captured clips and the initial run's own, linked into {@code RUN_DIR/data}; returns that folder. */
    private Path mergeBase(TrainingConfig cfg, Path captured, Path runDir, PrintWriter out) throws IOException {
        BaseTrainingData base = BaseTrainingData.of(Path.of(cfg.initFrom()));
        int perAction = baseClipsPerClass != null ? baseClipsPerClass
                : MergedDataset.baseClipsPerAction(captured, cfg.dataset(), base, MIN_BASE_CLIPS);
        long started = System.nanoTime();
        BaseTrainingData.Regenerated written = base.regenerate(runDir.resolve("base-data"), perAction, cfg.dataset(),
                baseClipsCache);
        Path merged = runDir.resolve("data");
        Map<String, Integer> clips = MergedDataset.link(captured, written.folders(), merged);
        // The new run trained on those recipes too: a job that starts from it (a promoted candidate) merges them again,
        // so its base's actions are not forgotten a generation later.
        Files.copy(Path.of(cfg.initFrom()).resolve(BaseTrainingData.FILE), runDir.resolve(BaseTrainingData.FILE),
                StandardCopyOption.REPLACE_EXISTING);
        String from = written.reused() == 0 ? "written again"
                : written.written() + " written again, " + written.reused() + " from " + baseClipsCache;
        out.printf(Locale.ROOT, "merged %d clips per action of %s's own data (%s, %s in %.1f s) with %s: %s%n",
                perAction, cfg.initFrom(), String.join(", ", base.actions()), from,
                (System.nanoTime() - started) / 1e9, captured, clips);
        out.flush();
        return merged;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainingConfig cfg;
        try {
            // LRCN unless told otherwise: every example trains it, and it trains faster and scores better here.
            TrainingConfig defaults = TrainingConfig.defaults().withArchitecture(Architecture.LRCN);
            cfg = config == null ? defaults : ConfigLoader.load(config, TrainingConfig.class, defaults);
            if (arch != null) {
                cfg = cfg.withArchitecture(Architecture.of(arch));
            }
            if (epochs != null) {
                cfg = cfg.withEpochs(epochs);
            }
            if (init != null || initLayers != null) {
                cfg = cfg.withInitFrom(init != null ? init.toString() : cfg.initFrom(),
                        initLayers != null ? TrainingConfig.InitLayers.of(initLayers) : cfg.initLayers());
            }
            if (colourCast != null) {
                cfg = cfg.withColourCast(colourCast);
            }
            if (trainLayers != null) {
                cfg = cfg.withTrainLayers(TrainingConfig.TrainLayers.of(trainLayers));
            }
            if (windowHop != null) {
                cfg = cfg.withDataset(cfg.dataset().withSampling(cfg.dataset().sampling().withHop(windowHop)));
            }
            if (mergeBaseData && cfg.initFrom().isEmpty()) {
                throw new IllegalArgumentException("--merge-base-data merges the initial run's clips: give --init RUN");
            }
            if (baseClipsPerClass != null && (!mergeBaseData || baseClipsPerClass < 1)) {
                throw new IllegalArgumentException("--base-clips-per-class needs --merge-base-data and a count >= 1");
            }
            if (baseClipsCache != null && !mergeBaseData) {
                throw new IllegalArgumentException("--base-clips-cache needs --merge-base-data");
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path runDir = this.out != null ? this.out : Path.of("runs", cfg.architecture().id() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path dataDir = data;
        if (dataDir == null) {
            dataDir = runDir.resolve("synthetic");
            out.printf("no --data: writing a synthetic dataset (%d videos per class) to %s%n", syntheticVideos, dataDir);
            out.flush();
            SyntheticDatasetWriter.Summary s = new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(
                    dataDir, syntheticVideos, cfg.seed(), 160, 120, 60, 25)).write(!noProgress);
            out.printf("wrote %d videos (%s) in %.1f s%n", s.videos(), s.codec(), s.seconds());
        } else if (!Files.isDirectory(dataDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--data " + dataDir + ": folder does not exist");
        }
        if (mergeBaseData) {
            if (data == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--merge-base-data needs --data");
            }
            try {
                dataDir = mergeBase(cfg, dataDir, runDir, out);
            } catch (IllegalArgumentException e) {
                err.println("train failed: " + e.getMessage());
                err.flush();
                return 1;
            }
        }
        StopRequest stop;
        try {
            stop = timeBudget == null ? new StopRequest() : StopRequest.withBudget(timeBudget);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--time-budget: " + e.getMessage(), e);
        }
        CountDownLatch written = new CountDownLatch(1);
        // Ctrl-C or kill: the JVM waits for this hook, so the run is written with the best epoch so far, not lost.
        Thread onSignal = new Thread(() -> {
            if (!stop.request()) {
                System.err.println("stopped before training began: no run written");
                return;
            }
            System.err.println("stopping: finishing this batch, then writing the run with the best epoch so far");
            try {
                written.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            TrainingProgress watcher = progressJson ? new JsonLinesProgress(out, 500) : TrainingProgress.NONE;
            TrainingRun training = new TrainingRun(cfg, out, !noProgress, watcher);
            if (name != null) {
                training = training.named(name);
            }
            TrainingRun.Outcome outcome = training.train(dataDir, new RunFolder(runDir), stop);
            if (stop.budgetSpent()) {
                out.printf("time budget of %.0f s reached after epoch %d%n", timeBudget,
                        outcome.training().epochs().size());
            }
            out.printf("run folder: %s%n", outcome.run().root().toAbsolutePath());
            out.flush();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("train failed: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it returns now that the run is written.
            }
        }
    }
}
