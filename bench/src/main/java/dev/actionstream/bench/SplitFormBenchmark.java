package dev.actionstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one new frame of a stride-1 stream for the seeds-size LRCN, i.e. one window scored per frame:
 * <ul>
 *   <li>{@code onePiece}: store the frame in the stream's 20-frame history, lay the window out in time order in the
 *       input buffer and run the whole model on it (every frame goes through the convolutions 20 times);</li>
 *   <li>{@code split}: run the encoder on the new frame alone, store its feature vector in the 20-entry feature
 *       history, lay those out in time order and run the head (each frame is encoded once).</li>
 * </ul>
 * Both are exported from the same network (the exporter's split form, parity proven) and run as the runtime serves:
 * direct input buffers, pinned outputs, no allocation per frame. With {@code threads} = 1, 1e6 / (30 * µs per frame)
 * is the number of 30 fps streams one core sustains (inference only: decoding and preparation come on top).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SplitFormBenchmark {

    /** ONNX Runtime intra-op threads: 1 gives the per-core cost, 2 the serving configuration. */
    @Param({"1", "2"})
    public int threads;

    /** Whether idle ONNX Runtime threads spin (its default, as in serving); {@code -p spinning=false}: they sleep. */
    @Param({"true"})
    public boolean spinning;

    private ExportedNetwork model;
    private OrtEnvironment env;
    private OrtSession full;
    private OrtSession encoder;
    private OrtSession head;
    private int frames;
    private int frameSize;
    private int featureSize;

    /** The next frame of the stream (its content does not change the cost). */
    private float[] frame;
    private float[] frameHistory;
    private float[] featureHistory;
    private long frameCount;

    private FloatBuffer window;
    private FloatBuffer encoderFrame;
    private FloatBuffer features;
    private FloatBuffer headWindow;
    private FloatBuffer fullProbabilities;
    private FloatBuffer headProbabilities;
    private OnnxTensor[] tensors;
    private Map<String, OnnxTensor> fullIn;
    private Map<String, OnnxTensor> fullOut;
    private Map<String, OnnxTensor> encoderIn;
    private Map<String, OnnxTensor> encoderOut;
    private Map<String, OnnxTensor> headIn;
    private Map<String, OnnxTensor> headOut;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        try {
            open();
        } catch (OrtException | RuntimeException e) {
            // JMH does not tear down a trial whose setup failed: free what was opened, delete the export.
            tearDown();
            throw e;
        }
    }

    private void open() throws OrtException {
        ModelSpec spec = SeedsModels.spec(Architecture.LRCN);
        model = ExportedNetwork.build(SeedsModels.training(Architecture.LRCN), spec, true);
        env = OrtEnvironment.getEnvironment();
        full = OrtSessions.open(env, model.model(), threads, spinning);
        encoder = OrtSessions.open(env, model.encoder(), threads, spinning);
        head = OrtSessions.open(env, model.head(), threads, spinning);

        frames = spec.framesPerWindow();
        frameSize = spec.frameSize();
        featureSize = Math.toIntExact(((ai.onnxruntime.TensorInfo) encoder.getOutputInfo().values().iterator().next()
                .getInfo()).getShape()[1]);
        frame = java.util.Arrays.copyOf(SeedsModels.randomWindows(spec, 1, 2L)[0], frameSize);
        frameHistory = new float[frames * frameSize];
        featureHistory = new float[frames * featureSize];

        int classes = spec.numClasses();
        window = OrtSessions.direct(frames * frameSize);
        encoderFrame = OrtSessions.direct(frameSize);
        features = OrtSessions.direct(featureSize);
        headWindow = OrtSessions.direct(frames * featureSize);
        fullProbabilities = OrtSessions.direct(classes);
        headProbabilities = OrtSessions.direct(classes);
        tensors = new OnnxTensor[] {
            OrtSessions.over(env, window, 1, frames, spec.channels(), spec.frameHeight(), spec.frameWidth()),
            OrtSessions.over(env, fullProbabilities, 1, classes),
            OrtSessions.over(env, encoderFrame, 1, spec.channels(), spec.frameHeight(), spec.frameWidth()),
            OrtSessions.over(env, features, 1, featureSize),
            OrtSessions.over(env, headWindow, 1, frames, featureSize),
            OrtSessions.over(env, headProbabilities, 1, classes),
        };
        fullIn = Map.of(inputName(full), tensors[0]);
        fullOut = Map.of(outputName(full), tensors[1]);
        encoderIn = Map.of(inputName(encoder), tensors[2]);
        encoderOut = Map.of(outputName(encoder), tensors[3]);
        headIn = Map.of(inputName(head), tensors[4]);
        headOut = Map.of(outputName(head), tensors[5]);
        System.err.printf("split form: frame %d floats -> %d features; ONNX Runtime %d intra-op thread(s)%n",
                frameSize, featureSize, threads);
    }

    @Benchmark
    public FloatBuffer onePiece() throws OrtException {
        int slot = (int) (frameCount++ % frames);
        System.arraycopy(frame, 0, frameHistory, slot * frameSize, frameSize);
        inTimeOrder(frameHistory, slot + 1, frameSize, window);
        try (OrtSession.Result ignored = full.run(fullIn, fullOut)) {
            return fullProbabilities;
        }
    }

    @Benchmark
    public FloatBuffer split() throws OrtException {
        int slot = (int) (frameCount++ % frames);
        encoderFrame.put(0, frame);
        try (OrtSession.Result ignored = encoder.run(encoderIn, encoderOut)) {
            features.get(0, featureHistory, slot * featureSize, featureSize);
        }
        inTimeOrder(featureHistory, slot + 1, featureSize, headWindow);
        try (OrtSession.Result ignored = head.run(headIn, headOut)) {
            return headProbabilities;
        }
    }

    /**
     * Copies the circular {@code history} of {@code frames} entries into {@code out}, oldest first; the oldest entry
     * is at {@code oldest % frames} (the one after the newest).
     */
    private void inTimeOrder(float[] history, int oldest, int entrySize, FloatBuffer out) {
        int start = (oldest % frames) * entrySize;
        int tail = history.length - start;
        out.put(0, history, start, tail);
        out.put(tail, history, 0, start);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (tensors != null) {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
        for (OrtSession s : new OrtSession[] {full, encoder, head}) {
            if (s != null) {
                s.close();
            }
        }
        if (model != null) {
            model.close();
        }
    }

    /** Probabilities of the last {@link #onePiece} and {@link #split} calls; for checks that both score the same. */
    float[][] lastProbabilities() {
        float[][] p = new float[2][fullProbabilities.capacity()];
        fullProbabilities.get(0, p[0]);
        headProbabilities.get(0, p[1]);
        return p;
    }

    private static String inputName(OrtSession s) {
        return s.getInputNames().iterator().next();
    }

    private static String outputName(OrtSession s) {
        return s.getOutputNames().iterator().next();
    }
}
