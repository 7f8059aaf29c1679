package dev.actionstream.exporter;

import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.PreparedDataset;
import dev.actionstream.trainer.dataset.WindowSet;
import dev.actionstream.trainer.train.RunFolder;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The held-out windows of a run, prepared exactly as in training: the data folder named in the spec's
 * {@code trainingData} (relative to the run folder), cut by the run's {@code split.json}, with the run's dataset settings. When any of these is
 * gone the export goes on with random windows and says why.
 */
final class TestSplitWindows {

    private TestSplitWindows() {
    }

    static List<float[]> load(RunFolder run, ModelSpec spec, PrintWriter log) {
        Path data = run.trainingData(spec);
        String skip = null;
        if (data == null) {
            skip = "spec.json names no training data folder";
        } else if (!Files.isDirectory(data)) {
            skip = "data folder " + data + " no longer exists";
        } else if (!Files.isRegularFile(run.split())) {
            skip = run.root() + " has no " + run.split().getFileName();
        } else if (spec.channels() != 3) {
            skip = "the dataset reader prepares 3-channel frames, the model takes " + spec.channels();
        }
        if (skip != null) {
            log.println("test split: skipped (" + skip + "); parity uses random windows only");
            return List.of();
        }
        PreparedDataset.Part prepared = PreparedDataset.loadPart(data, datasetConfig(run, spec), run.split(),
                "test", true);
        if (!prepared.classes().equals(spec.labels())) {
            log.println("test split: skipped (data folder classes " + prepared.classes() + " differ from the model's "
                    + spec.labels() + ")");
            return List.of();
        }
        WindowSet test = prepared.windows();
        List<float[]> windows = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            windows.add(test.window(i));
        }
        log.println("test split: " + windows.size() + " windows from " + data);
        return windows;
    }

    /** The run's dataset settings, with the geometry and channel order the model was trained with. */
    static DatasetConfig datasetConfig(RunFolder run, ModelSpec spec) {
        DatasetConfig d = Files.isRegularFile(run.config())
                ? ConfigLoader.load(run.config(), TrainingConfig.class, TrainingConfig.defaults()).dataset()
                : DatasetConfig.defaults();
        return d.preparedAs(spec);
    }
}
