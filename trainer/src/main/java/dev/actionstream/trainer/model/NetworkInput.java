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
 * {@code FramePreparer} and the dataset write it. The network layouts are:
 * <ul>
 *   <li>{@link Architecture#CONVLSTM}: NCDHW {@code [N, C, T, H, W]} (time is the depth axis);</li>
 *   <li>{@link Architecture#LRCN}: {@code [N, T, C*H*W]}, the window unchanged with each frame flattened.</li>
 * </ul>
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
            copyWindow(architecture, window, data, w, spec);
        }
        return Nd4j.create(data, shape(architecture, n, spec), 'c');
    }

    /** Shape of a batch of {@code n} windows in {@code architecture}'s layout. */
    public static long[] shape(Architecture architecture, int n, ModelSpec spec) {
        return switch (architecture) {
            case CONVLSTM -> new long[] {n, spec.channels(), spec.framesPerWindow(), spec.frameHeight(),
                    spec.frameWidth()};
            case LRCN -> new long[] {n, spec.framesPerWindow(), spec.frameSize()};
        };
    }

    private static void copyWindow(Architecture architecture, float[] window, float[] data, int w, ModelSpec spec) {
        int windowSize = spec.windowSize();
        int base = w * windowSize;
        if (architecture == Architecture.LRCN) {
            System.arraycopy(window, 0, data, base, windowSize);
            return;
        }
        int frames = spec.framesPerWindow();
        int channels = spec.channels();
        int plane = spec.frameHeight() * spec.frameWidth();
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channels; c++) {
                int from = (t * channels + c) * plane;
                int to = base + (c * frames + t) * plane;
                System.arraycopy(window, from, data, to, plane);
            }
        }
    }
}
