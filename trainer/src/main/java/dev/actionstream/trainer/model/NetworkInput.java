package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Objects;

/**
 * The one conversion from prepared windows to network input, used by training, evaluation, prediction and the
 * exporter's parity check.
 *
 * <p>A window is {@code spec.windowSize()} floats laid out {@code [T][C][H][W]} (NTCHW without the batch axis), as
 * {@code FramePreparer} and the dataset write it; each architecture's {@link InputLayout} (from its
 * {@link NetworkBuilder}) says where those floats go in the network's input.
 */
public final class NetworkInput {

    private NetworkInput() {
    }

    public static INDArray of(Architecture architecture, List<float[]> windows, ModelSpec spec) {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(windows, "windows");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows");
        }
        InputLayout layout = NetworkBuilders.of(architecture).input();
        int n = windows.size();
        int windowSize = spec.windowSize();
        float[] data = new float[Math.multiplyExact(n, windowSize)];
        for (int w = 0; w < n; w++) {
            float[] window = windows.get(w);
            if (window == null || window.length != windowSize) {
                throw new IllegalArgumentException("window " + w + ": expected " + windowSize + " floats ("
                        + spec.framesPerWindow() + "x" + spec.channels() + "x" + spec.frameHeight() + "x"
                        + spec.frameWidth() + "), got " + (window == null ? "null" : window.length));
            }
            layout.write(window, data, w * windowSize, spec);
        }
        return Nd4j.create(data, layout.shape(n, spec), 'c');
    }

    /** Shape of a batch of {@code n} windows in {@code architecture}'s layout. */
    public static long[] shape(Architecture architecture, int n, ModelSpec spec) {
        return NetworkBuilders.of(architecture).input().shape(n, spec);
    }
}
