package dev.actionstream.exporter;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.calibration.CalibrationFit;
import dev.actionstream.trainer.dataset.PreparedDataset;
import dev.actionstream.trainer.train.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code export --fit-data DIR}: calibration fitted at export, for a run that has none (or to refit one) on a dataset
 * folder of the same kind as the run's training data. The folder is split as training would split it (stratified,
 * the run's split seed, but 50/25/25): its training part gives the class means and covariance, its validation part the temperature
 * and threshold, its test part the report. The run folder itself is left as it was.
 */
final class FitData {

    static final int BATCH = 16;
    static final double TRAIN = 0.5;
    static final double HELD_OUT = 0.25;

    private FitData() {
    }

    /**
     * How a fit folder is cut: as the run prepares windows, at its time scale (a rate model's windows are consecutive
     * frames at its rate, not spread over the clip), but not the training split: a fit folder is only for calibration,
     * and the temperature and the 99th percentile of the threshold need more validation windows than 15 % gives.
     */
    static DatasetConfig fitSplit(DatasetConfig d) {
        return new DatasetConfig(d.framesPerWindow(), d.frameHeight(), d.frameWidth(), d.channelOrder(), TRAIN,
                HELD_OUT, HELD_OUT, d.splitSeed(), d.cacheDir(), d.normalisation(), d.sampling());
    }

    static CalibrationFit.Fitted fit(RunFolder run, ModelSpec spec, MultiLayerNetwork net, Path dir, PrintWriter log) {
        DatasetConfig split = fitSplit(TestSplitWindows.datasetConfig(run, spec));
        PreparedDataset data = PreparedDataset.load(dir, split, null, false);
        if (!data.classes().equals(spec.labels())) {
            throw new IllegalArgumentException("--fit-data " + dir + " has classes " + data.classes()
                    + " but the model was trained on " + spec.labels());
        }
        log.printf("fit data %s: windows train %d, validation %d, test %d%n", dir, data.train().size(),
                data.validation().size(), data.test().size());
        log.flush();
        return new CalibrationFit(net, spec, BATCH).fit(data.train(), data.validation(), data.test(),
                "fit-data " + ModelExporter.folderName(dir.toString()), "test");
    }
}
