package dev.actionstream.bench;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.exporter.ExportResult;
import dev.actionstream.exporter.ModelExporter;
import dev.actionstream.trainer.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A freshly built DL4J network and its ONNX export in a temporary directory, so a benchmark compares the two engines
 * on the very same weights. The exporter proves parity before it writes, so a benchmark never times a model that
 * computes something else. {@link #close} deletes the directory.
 */
public final class ExportedNetwork implements AutoCloseable {

    /** Random windows the exporter's parity check runs; few, because DL4J's ConvLSTM needs ~0.5 s per window. */
    private static final int PARITY_WINDOWS = 2;

    private final MultiLayerNetwork network;
    private final ModelSpec spec;
    private final Path dir;
    private final ExportResult export;

    private ExportedNetwork(MultiLayerNetwork network, ModelSpec spec, Path dir, ExportResult export) {
        this.network = network;
        this.spec = spec;
        this.dir = dir;
        this.export = export;
    }

    /** Builds the network for {@code spec} with {@code cfg}'s seed and exports it, split form too when asked. */
    public static ExportedNetwork build(TrainingConfig cfg, ModelSpec spec, boolean splitForm) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(spec, "spec");
        MultiLayerNetwork net = NetworkFactory.build(cfg, spec);
        Path dir;
        try {
            dir = Files.createTempDirectory("actionstream-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            PrintWriter log = new PrintWriter(System.err, true);
            ExportResult result = new ModelExporter(log).export(net, spec, "bench", dir.resolve("model.onnx"),
                    splitForm, List.of(), PARITY_WINDOWS, cfg.seed());
            return new ExportedNetwork(net, spec, dir, result);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The one-piece model: "frames" {@code [N, T, C, H, W]} → "probabilities" {@code [N, classes]}. */
    public Path model() {
        return export.model();
    }

    /** The split form's encoder: "frame" {@code [N, C, H, W]} → "features" {@code [N, D]}. */
    public Path encoder() {
        return export.encoder().orElseThrow(() -> new IllegalStateException("exported without --split-form"));
    }

    /** The split form's head: "features" {@code [N, T, D]} → "probabilities" {@code [N, classes]}. */
    public Path head() {
        return export.head().orElseThrow(() -> new IllegalStateException("exported without --split-form"));
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("warning: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
