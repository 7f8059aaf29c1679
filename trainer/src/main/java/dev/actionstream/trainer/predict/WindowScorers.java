package dev.actionstream.trainer.predict;

import dev.actionstream.config.ModelFiles;
import dev.actionstream.trainer.train.RunFolder;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens what {@code predict --model} names: a run folder (DL4J) or an exported {@code .onnx} file. */
public final class WindowScorers {

    private WindowScorers() {
    }

    public static WindowScorer open(Path model) {
        if (Files.isDirectory(model)) {
            return Dl4jWindowScorer.open(RunFolder.open(model));
        }
        if (model.getFileName() != null && ModelFiles.isOnnx(model.getFileName().toString())) {
            return OnnxWindowScorer.open(model);
        }
        if (!Files.exists(model)) {
            throw new IllegalArgumentException(model + " does not exist (expected a run folder or an .onnx file)");
        }
        throw new IllegalArgumentException(model + " is neither a run folder nor an .onnx file");
    }
}
