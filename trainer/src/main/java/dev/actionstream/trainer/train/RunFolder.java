package dev.actionstream.trainer.train;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A training run's folder and the files in it:
 * <pre>
 *   model.zip        DL4J ModelSerializer (MultiLayerNetwork.load restores it)
 *   spec.json        ModelSpec: labels, geometry, channel order, normalisation, architecture, version
 *   config.yaml      the effective TrainingConfig
 *   split.json       the dataset split (reused by evaluate)
 *   metrics.csv      one row per epoch
 *   evaluation.json  held-out evaluation
 *   loss.png, accuracy.png, confusion.png, summary.txt
 *   ood-statistics.bin, reliability.png   calibration (see dev.actionstream.trainer.calibration)
 * </pre>
 */
public final class RunFolder {

    private final Path root;

    public RunFolder(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** An existing run with at least a model and a spec; the message says what is missing. */
    public static RunFolder open(Path root) {
        RunFolder run = new RunFolder(root);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("run folder " + root + " does not exist");
        }
        for (Path required : new Path[] {run.model(), run.spec()}) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalArgumentException("run folder " + root + " has no " + required.getFileName()
                        + " (is it a run written by 'actionstream train'?)");
            }
        }
        return run;
    }

    public Path root() {
        return root;
    }

    public Path model() {
        return root.resolve("model.zip");
    }

    public Path spec() {
        return root.resolve("spec.json");
    }

    public Path config() {
        return root.resolve("config.yaml");
    }

    public Path split() {
        return root.resolve("split.json");
    }

    public Path metrics() {
        return root.resolve("metrics.csv");
    }

    public Path evaluation() {
        return root.resolve("evaluation.json");
    }

    public Path lossPlot() {
        return root.resolve("loss.png");
    }

    public Path accuracyPlot() {
        return root.resolve("accuracy.png");
    }

    public Path confusionPlot() {
        return root.resolve("confusion.png");
    }

    public Path reliabilityPlot() {
        return root.resolve("reliability.png");
    }

    /** Class means and whitening matrix of the OOD score; written with the spec's calibration. */
    public Path featureStatistics() {
        return root.resolve(dev.actionstream.trainer.calibration.StatisticsFile.NAME);
    }

    public Path summary() {
        return root.resolve("summary.txt");
    }

    public ModelSpec readSpec() {
        try {
            return ModelSpec.fromJson(Files.readString(spec()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(spec() + ": " + e.getMessage(), e);
        }
    }

    /**
     * How a run's spec names its training data: the path from this run folder to {@code dataDir}, with '/' between
     * names. Relative, so a spec holds no machine's absolute path and still finds the data when the checkout moves;
     * only the dataset's folder name when no relative path exists (another file system root).
     */
    public String trainingDataReference(Path dataDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path from = root.toAbsolutePath().normalize();
        try {
            Path relative = from.relativize(data);
            return relative.toString().isEmpty() ? "." : relative.toString().replace(from.getFileSystem()
                    .getSeparator(), "/");
        } catch (IllegalArgumentException e) {
            return data.getFileName() == null ? "" : data.getFileName().toString();
        }
    }

    /**
     * The training data folder a spec names, resolved against this run folder; a spec written before the path
     * became relative holds an absolute path, which resolves to itself. Null when the spec names none.
     */
    public Path trainingData(ModelSpec modelSpec) {
        String data = modelSpec.trainingData();
        return data.isBlank() ? null : root.toAbsolutePath().resolve(data).normalize();
    }

    public void writeSpec(ModelSpec modelSpec) throws IOException {
        Files.writeString(spec(), modelSpec.toJson());
    }

    public void writeModel(MultiLayerNetwork net) throws IOException {
        Path tmp = root.resolve("model.zip.part");
        ModelSerializer.writeModel(net, tmp.toFile(), true);
        Files.move(tmp, model(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores the network; a damaged or foreign file gives an error naming it. */
    public MultiLayerNetwork loadModel() {
        try {
            return MultiLayerNetwork.load(model().toFile(), true);
        } catch (Exception e) {
            throw new IllegalArgumentException(model() + " is not a readable DL4J model: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
