package dev.actionstream.exporter;

import dev.actionstream.config.ConfigException;
import dev.actionstream.config.ModelFiles;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.OnnxContract;
import dev.actionstream.exporter.convert.UnsupportedLayerException;
import dev.actionstream.trainer.calibration.CalibrationFit;
import dev.actionstream.trainer.calibration.FeatureStatistics;
import dev.actionstream.trainer.calibration.StatisticsFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import dev.actionstream.exporter.parity.ParityCheck;
import dev.actionstream.exporter.parity.ParityException;
import dev.actionstream.synth.cli.CliConventions;
import dev.actionstream.trainer.train.RunFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code actionstream export --model RUN --out model.onnx [--split-form]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Converts a trained run to a self-describing ONNX model and proves it computes what the DL4J "
                + "network computes (class probabilities within " + ParityCheck.TOLERANCE + ", same top-1) on the "
                + "run's test split and random windows. Nothing is written unless that holds.",
                "With --split-form an LRCN is also written as a per-frame encoder (NAME" + ModelFiles.ENCODER_SUFFIX
                        + ") and a temporal head (NAME" + ModelFiles.HEAD_SUFFIX + ") beside the one-piece file."})
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "RUN", description = "training run folder (model.zip, spec.json, split.json, config.yaml)")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "ONNX file to write, e.g. model.onnx")
    Path out;

    @Option(names = "--split-form", description = "also write the encoder and head files (LRCN only)")
    boolean splitForm;

    @Option(names = "--random-windows", defaultValue = "8", paramLabel = "N",
            description = "random windows added to the parity check (default: ${DEFAULT-VALUE})")
    int randomWindows;

    @Option(names = "--seed", defaultValue = "27", paramLabel = "SEED", description = "seed for the random windows (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--name", paramLabel = "NAME",
            description = "model name written into the ONNX file's spec (default: the run's, <arch>-<data folder>)")
    String name;

    @Option(names = "--fit-data", paramLabel = "DIR",
            description = "fit the calibration (temperature, OOD statistics and threshold) on this dataset folder's "
                    + "windows, split as training splits: for a run that has none, e.g. one trained before it existed")
    Path fitData;

    @Option(names = "--ood-video", paramLabel = "NAME=FILE",
            description = "with --fit-data: footage the model should call unknown; prints each OOD score's AUROC and "
                    + "the fraction flagged (repeatable)")
    java.util.Map<String, Path> oodVideos = new java.util.LinkedHashMap<>();

    @Option(names = "--ood-windows", defaultValue = "60", paramLabel = "N",
            description = "at most N windows per --ood-video, every 4th window (default: ${DEFAULT-VALUE})")
    int oodWindows;

    @Option(names = "--report", paramLabel = "DIR",
            description = "with --fit-data: write calibration.json and reliability.png there")
    Path report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() {
        PrintWriter log = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        try {
            RunFolder folder = RunFolder.open(run);
            ModelSpec spec = name == null ? folder.readSpec() : folder.readSpec().withName(name);
            log.println("exporting " + spec.architecture().id() + " model '" + spec.name() + "' from " + run);
            MultiLayerNetwork net = folder.loadModel();
            FeatureStatistics statistics = null;
            if (fitData != null) {
                CalibrationFit.Fitted fitted = FitData.fit(folder, spec, net, fitData, log);
                spec = spec.withCalibration(fitted.calibration());
                statistics = fitted.statistics();
                OodReport.write(fitted, spec, new CalibrationFit(net, spec, FitData.BATCH), oodVideos, oodWindows,
                        report, log);
            } else if (!oodVideos.isEmpty() || report != null) {
                throw new IllegalArgumentException("--ood-video and --report need --fit-data");
            } else if (spec.calibration() != null) {
                statistics = StatisticsFile.read(folder.featureStatistics());
                log.println("calibration from the run: " + spec.calibration());
            } else {
                log.println("no calibration: the run has none and no --fit-data was given; the model gets no "
                        + OnnxContract.OOD_SCORE + " output");
            }
            List<float[]> test = TestSplitWindows.load(folder, spec, log);
            ExportResult result = new ModelExporter(log).export(net, spec, statistics,
                    run.toAbsolutePath().normalize().toString(), out, splitForm, test, randomWindows, seed);
            log.printf(Locale.ROOT, "parity proven on %d windows (%d test, %d random)%n",
                    result.testWindows() + result.randomWindows(), result.testWindows(), result.randomWindows());
            return 0;
        } catch (UnsupportedLayerException | ParityException | IllegalArgumentException | ConfigException
                 | UncheckedIOException | IllegalStateException | java.io.IOException e) {
            err.println("export failed: " + e.getMessage());
            err.println("nothing was written to " + out);
            return 1;
        } finally {
            log.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as the launcher runs it; export has a main of its own, so it is named as the user types it
     * ({@code actionstream export}) for its usage and error lines.
     */
    static CommandLine commandLine() {
        return CliConventions.configure(new CommandLine(new ExportCommand()).setCommandName("actionstream export"),
                new ExporterVersion());
    }
}
