package dev.actionstream.trainer.cli;

import dev.actionstream.trainer.train.EvaluationReport;
import dev.actionstream.trainer.train.RunEvaluation;
import dev.actionstream.trainer.train.RunFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code evaluate}: re-scores a run on a split of its dataset and rewrites evaluation.json and confusion.png. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Re-evaluates a trained run on one split of its dataset (using the run's split.json, or "
                + "--split-file), and rewrites evaluation.json and confusion.png (in the run folder, or --out).")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN", description = "Run folder written by train.")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The dataset folder the run was trained on.")
    private Path data;

    @Option(names = "--split", paramLabel = "test|validation|train", defaultValue = "test",
            description = "Which split to score (default: ${DEFAULT-VALUE}).")
    private String split;

    @Option(names = "--split-file", paramLabel = "FILE",
            description = "A split.json to use instead of the run's own, e.g. another run's, to score this model on "
                    + "clips of another dataset that it never saw.")
    private Path splitFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write evaluation.json and confusion.png (default: the run folder).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data " + data + ": folder does not exist");
        }
        PrintWriter console = spec.commandLine().getOut();
        try {
            RunFolder run = RunFolder.open(model);
            Path reportDir = out != null ? out : run.root();
            EvaluationReport r = RunEvaluation.evaluate(run, data, split, splitFile != null ? splitFile : run.split(),
                    reportDir);
            console.printf("%s split: %d windows, accuracy %.4f, loss %.4f, macro precision %.4f recall %.4f F1 %.4f%n",
                    r.split(), r.windows(), r.accuracy(), r.loss(), r.macro().precision(), r.macro().recall(),
                    r.macro().f1());
            for (EvaluationReport.ClassMetrics c : r.perClass()) {
                console.printf("  %-16s precision %.3f recall %.3f F1 %.3f (%d windows)%n", c.label(), c.precision(),
                        c.recall(), c.f1(), c.support());
            }
            console.printf("wrote %s and %s%n", reportDir.resolve(run.evaluation().getFileName()),
                    reportDir.resolve(run.confusionPlot().getFileName()));
            console.flush();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("evaluate failed: " + e.getMessage());
            return 1;
        }
    }
}
