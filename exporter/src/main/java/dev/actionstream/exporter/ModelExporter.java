package dev.actionstream.exporter;

import dev.actionstream.config.ModelFiles;
import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.OnnxContract;
import dev.actionstream.exporter.convert.NetworkConverter;
import dev.actionstream.exporter.convert.OodHead;
import dev.actionstream.trainer.calibration.FeatureStatistics;
import dev.actionstream.exporter.onnx.OnnxModel;
import dev.actionstream.exporter.parity.ParityCheck;
import dev.actionstream.exporter.parity.ParityException;
import dev.actionstream.exporter.parity.ParityReport;
import onnx.Onnx.GraphProto;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Converts a network, writes the ONNX file(s) to temporary files beside the target, proves parity on those very
 * files, and only then moves them into place atomically. A failed conversion or parity check leaves the target
 * directory as it was.
 *
 * <p>Split form: {@code model.onnx} plus its encoder and head beside it, named by {@link ModelFiles}. Each carries the
 * spec and its {@link ModelForm}; the encoder and head name each other under {@link OnnxContract#PAIR_KEY} and state
 * {@link OnnxContract#FEATURE_SIZE_KEY}; the one-piece file names both under {@link OnnxContract#ENCODER_KEY} and
 * {@link OnnxContract#HEAD_KEY}.
 */
public final class ModelExporter {

    private final PrintWriter log;

    public ModelExporter(PrintWriter log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * @param testWindows windows from the run's test split (may be empty)
     * @param randomWindows how many random windows to add to the parity check
     * @throws dev.actionstream.exporter.convert.UnsupportedLayerException naming the layer that cannot be exported
     * @throws ParityException when the exported model does not reproduce the network
     */
    public ExportResult export(MultiLayerNetwork net, ModelSpec spec, String sourceRun, Path out, boolean splitForm,
                               List<float[]> testWindows, int randomWindows, long seed) {
        return export(net, spec, null, sourceRun, out, splitForm, testWindows, randomWindows, seed);
    }

    /**
     * @param statistics the OOD score's statistics when {@code spec} has a calibration (null otherwise): the full
     *                   model and the head then divide their logits by its temperature and add {@code ood_score}
     */
    public ExportResult export(MultiLayerNetwork net, ModelSpec spec, FeatureStatistics statistics, String sourceRun,
                               Path out, boolean splitForm, List<float[]> testWindows, int randomWindows, long seed) {
        Objects.requireNonNull(spec, "spec");
        if ((spec.calibration() == null) != (statistics == null)) {
            throw new IllegalArgumentException("a calibrated spec needs its feature statistics, and only it");
        }
        if (randomWindows < 0) {
            throw new IllegalArgumentException("randomWindows must be >= 0, got " + randomWindows);
        }
        if (testWindows.isEmpty() && randomWindows == 0) {
            throw new IllegalArgumentException("no windows to prove parity with: give test windows or random windows");
        }
        NetworkConverter converter = statistics == null ? new NetworkConverter(net, spec)
                : new NetworkConverter(net, spec, OodHead.of(statistics, spec.calibration().temperature()));
        if (splitForm && !converter.splittable()) {
            throw new IllegalArgumentException("--split-form needs a per-frame encoder followed by a recurrent head "
                    + "(LRCN); this " + spec.architecture().id() + " network has none");
        }
        Path target = out.toAbsolutePath().normalize();
        Path encoderTarget = ModelFiles.encoderBeside(target);
        Path headTarget = ModelFiles.headBeside(target);

        Map<Path, byte[]> files = new LinkedHashMap<>();
        Map<String, String> common = new LinkedHashMap<>();
        common.put(ModelSpec.METADATA_KEY, spec.withTrainingData(folderName(spec.trainingData())).toJson());
        common.put(OnnxContract.SOURCE_RUN_KEY, folderName(sourceRun));
        OnnxModel full = envelope(converter.full(), spec, ModelForm.FULL, common);
        if (splitForm) {
            full.metadata(OnnxContract.ENCODER_KEY, encoderTarget.getFileName().toString())
                    .metadata(OnnxContract.HEAD_KEY, headTarget.getFileName().toString());
            String featureSize = Long.toString(converter.featureSize());
            files.put(encoderTarget, envelope(converter.encoder(), spec, ModelForm.ENCODER, common)
                    .metadata(OnnxContract.FEATURE_SIZE_KEY, featureSize)
                    .metadata(OnnxContract.PAIR_KEY, headTarget.getFileName().toString()).toByteArray());
            files.put(headTarget, envelope(converter.head(), spec, ModelForm.HEAD, common)
                    .metadata(OnnxContract.FEATURE_SIZE_KEY, featureSize)
                    .metadata(OnnxContract.PAIR_KEY, encoderTarget.getFileName().toString()).toByteArray());
        }
        // Last in, last moved: a runtime watching model.onnx finds its encoder and head already in place.
        files.put(target, full.toByteArray());

        List<float[]> windows = new ArrayList<>(testWindows);
        windows.addAll(ParityCheck.randomWindows(spec, randomWindows, seed));

        Map<Path, Path> temporaries = new LinkedHashMap<>();
        try {
            Files.createDirectories(target.getParent());
            for (Map.Entry<Path, byte[]> e : files.entrySet()) {
                Path tmp = Files.createTempFile(target.getParent(), "." + e.getKey().getFileName() + ".", ".tmp");
                temporaries.put(e.getKey(), tmp);
                Files.write(tmp, e.getValue());
                readableByAll(tmp);
            }
            ParityCheck check = new ParityCheck(net, spec, statistics);
            List<ParityReport> reports = new ArrayList<>();
            reports.add(proven(check.fullModel(temporaries.get(target), windows)));
            if (splitForm) {
                reports.add(proven(check.splitModel(temporaries.get(target), temporaries.get(encoderTarget),
                        temporaries.get(headTarget), windows)));
            }
            for (Map.Entry<Path, Path> e : temporaries.entrySet()) {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE);
                log.println("wrote " + e.getKey() + " (" + Files.size(e.getKey()) + " bytes)");
            }
            return new ExportResult(target, splitForm ? Optional.of(encoderTarget) : Optional.empty(),
                    splitForm ? Optional.of(headTarget) : Optional.empty(), reports, testWindows.size(), randomWindows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            for (Path tmp : temporaries.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    log.println("warning: cannot delete temporary file " + tmp + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * A model file travels to other machines: it names its training data and source run by folder name only, never
     * by a path of the machine it was exported on.
     */
    static String folderName(String path) {
        if (path == null || path.isBlank()) {
            return "";
        }
        Path name = Path.of(path).normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    /** Temporary files are created owner-only; a model file is meant to be read by whoever serves it. */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private ParityReport proven(ParityReport report) {
        log.println(report);
        if (!report.passed(ParityCheck.TOLERANCE)) {
            throw new ParityException(report, ParityCheck.TOLERANCE);
        }
        return report;
    }

    private static OnnxModel envelope(GraphProto graph, ModelSpec spec, ModelForm form, Map<String, String> common) {
        OnnxModel m = new OnnxModel(graph)
                .modelVersion(modelVersion(spec.version()))
                .docString("actionstream " + spec.architecture().id() + " model '" + spec.name() + "' version "
                        + spec.version() + ", " + form.id() + " form: " + describe(form, spec))
                .metadata(ModelForm.METADATA_KEY, form.id());
        common.forEach(m::metadata);
        return m;
    }

    private static String describe(ModelForm form, ModelSpec spec) {
        String frame = spec.channels() + ", " + spec.frameHeight() + ", " + spec.frameWidth();
        String in = form.input() + " [N, ";
        String out = " -> " + form.output() + " [N, ";
        return switch (form) {
            case FULL -> in + spec.framesPerWindow() + ", " + frame + "] (NTCHW)" + out + spec.numClasses() + "] over "
                    + spec.labels() + calibrated(spec);
            case ENCODER -> in + frame + "]" + out + "D]";
            case HEAD -> in + spec.framesPerWindow() + ", D]" + out + spec.numClasses() + "] over " + spec.labels()
                    + calibrated(spec);
        };
    }

    private static String calibrated(ModelSpec spec) {
        ModelSpec.Calibration c = spec.calibration();
        return c == null ? "" : String.format(java.util.Locale.ROOT, " (softmax of logits / T = %.4f), and "
                + OnnxContract.OOD_SCORE + " [N] (%s; unknown above %.4f)", c.temperature(), c.oodScore(),
                c.oodThreshold());
    }

    /**
     * ONNX model_version is an integer: the digits of the spec's version (the trainer's {@code yyyyMMdd-HHmmss}
     * becomes {@code yyyyMMddHHmmss}, which orders like the versions), or 1 when it has none or too many.
     */
    static long modelVersion(String version) {
        String digits = version.replaceAll("[^0-9]", "");
        if (digits.isEmpty() || digits.length() > 18) {
            return 1;
        }
        return Math.max(1, Long.parseLong(digits));
    }
}
