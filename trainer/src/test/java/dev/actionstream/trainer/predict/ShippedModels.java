package dev.actionstream.trainer.predict;

import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;

import java.io.IOException;
import java.nio.file.Path;

/** The models shipped in examples/models, and real synthetic clips to run them on. */
final class ShippedModels {

    static final Path DIR = Path.of("..", "examples", "models").toAbsolutePath().normalize();
    static final Path LRCN_RUN = DIR.resolve("runs").resolve("lrcn-synthetic");
    static final Path LRCN_ONNX = DIR.resolve("lrcn-synthetic.onnx");
    static final Path LRCN_HEAD = DIR.resolve("lrcn-synthetic.head.onnx");

    private ShippedModels() {
    }

    /** A 160x120 clip of {@code action} at 25 fps, {@code frames} long, written by the synth module. */
    static Path clip(Path dir, Action action, int frames) throws IOException {
        return clip(dir, action, frames, 25);
    }

    /** The same actor and scene as {@link #clip(Path, Action, int)}, rendered at {@code fps}. */
    static Path clip(Path dir, Action action, int frames, double fps) throws IOException {
        SyntheticDatasetWriter writer = new SyntheticDatasetWriter(
                new SyntheticDatasetWriter.Settings(dir, 1, 11, 160, 120, frames, fps));
        writer.write(false);
        return writer.videoPath(action, 0);
    }
}
