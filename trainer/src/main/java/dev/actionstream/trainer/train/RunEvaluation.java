package dev.actionstream.trainer.train;

import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.PreparedDataset;
import dev.actionstream.trainer.dataset.WindowSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code actionstream evaluate}: re-scores a run on one split of its dataset, using the run's own split.json and
 * config so the numbers are reproducible, and rewrites evaluation.json and confusion.png. Another split file (say, the
 * held-out clips of another dataset) can stand in for the run's, with the report written elsewhere.
 */
public final class RunEvaluation {

    private RunEvaluation() {
    }

    public static EvaluationReport evaluate(RunFolder run, Path dataDir, String split) throws IOException {
        return evaluate(run, dataDir, split, run.split(), run.root());
    }

    /**
     * @param splitFile which videos of {@code dataDir} form each split (the run's own split.json, or another's)
     * @param reportDir where evaluation.json and confusion.png are written
     */
    public static EvaluationReport evaluate(RunFolder run, Path dataDir, String split, Path splitFile,
                                            Path reportDir) throws IOException {
        ModelSpec spec = run.readSpec();
        if (!Files.isRegularFile(splitFile)) {
            throw new IllegalArgumentException(splitFile.equals(run.split())
                    ? "run folder " + run.root() + " has no split.json: cannot tell which videos were held out"
                    : "split file " + splitFile + " does not exist");
        }
        TrainingConfig config = Files.isRegularFile(run.config())
                ? ConfigLoader.load(run.config(), TrainingConfig.class, TrainingConfig.defaults())
                : TrainingConfig.defaults();
        MultiLayerNetwork net = run.loadModel();
        PreparedDataset.Part data = PreparedDataset.loadPart(dataDir, config.dataset().preparedAs(spec), splitFile,
                split, true);
        if (!data.classes().equals(spec.labels())) {
            throw new IllegalArgumentException("dataset " + dataDir + " has classes " + data.classes()
                    + " but the model was trained on " + spec.labels());
        }
        WindowSet windows = data.windows();
        EvaluationReport report = new Evaluator(spec, config.batchSize()).evaluate(net, windows,
                split.toLowerCase(Locale.ROOT));
        Files.createDirectories(reportDir);
        report.write(reportDir.resolve(run.evaluation().getFileName()));
        ReportPlots.confusion(reportDir.resolve(run.confusionPlot().getFileName()), report);
        return report;
    }
}
