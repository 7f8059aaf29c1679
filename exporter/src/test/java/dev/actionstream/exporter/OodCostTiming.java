package dev.actionstream.exporter;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What the {@code ood_score} output costs per window: the same model exported without calibration and with it, one
 * random input of batch 1 each, run alternately in blocks (the host's speed drifts, so the two are interleaved) on
 * ONNX Runtime's CPU provider with one intra-op thread. A measurement, not a test: it prints, it asserts nothing.
 *
 * <pre>java -cp exporter/target/test-classes:exporter/target/classes:$(cat exporter/target/classpath.txt) \
 *     dev.actionstream.exporter.OodCostTiming PLAIN.onnx CALIBRATED.onnx INPUT d1,d2,... [rounds]</pre>
 */
public final class OodCostTiming {

    private static final int BLOCK = 200;

    public static void main(String[] args) throws Exception {
        String input = args[2];
        String[] dims = args[3].split(",");
        long[] shape = new long[dims.length];
        int size = 1;
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Long.parseLong(dims[i]);
            size *= (int) shape[i];
        }
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        float[] data = new float[size];
        Random random = new Random(1);
        for (int i = 0; i < size; i++) {
            data[i] = (float) random.nextGaussian();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession plain = env.createSession(args[0], options);
                 OrtSession calibrated = env.createSession(args[1], options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
                Map<String, OnnxTensor> feed = Map.of(input, tensor);
                block(plain, feed);
                block(calibrated, feed);
                double plainSum = 0;
                double calibratedSum = 0;
                for (int r = 0; r < rounds; r++) {
                    double p = block(plain, feed);
                    double c = block(calibrated, feed);
                    plainSum += p;
                    calibratedSum += c;
                    System.out.printf(Locale.ROOT, "round %d: plain %.1f us, calibrated %.1f us%n", r, p, c);
                }
                System.out.printf(Locale.ROOT, "mean per window: plain %.1f us, calibrated %.1f us, added %.1f us "
                        + "(%.2f %%)%n", plainSum / rounds, calibratedSum / rounds,
                        (calibratedSum - plainSum) / rounds, 100 * (calibratedSum - plainSum) / plainSum);
            }
        }
    }

    /** Microseconds per run, over one block; every output is fetched, as a runtime reading both would. */
    private static double block(OrtSession session, Map<String, OnnxTensor> feed) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            try (OrtSession.Result ignored = session.run(feed)) {
                // Only the time matters.
            }
        }
        return (System.nanoTime() - start) / 1e3 / BLOCK;
    }
}
