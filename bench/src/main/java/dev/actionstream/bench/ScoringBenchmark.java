package dev.actionstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelLoader;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.models.SessionFactory;
import dev.actionstream.runtime.scoring.OnnxScorer;
import dev.actionstream.trainer.model.NetworkInput;
import dev.actionstream.trainer.model.NetworkOutput;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scoring {@code batch} windows of the seeds-size network: DL4J's {@code output()} versus ONNX Runtime on the same
 * weights (the ONNX file is exported from that very network, parity proven).
 *
 * <p>What is timed, for both engines alike: the network run and reading the probabilities out. Not timed: building
 * the input, i.e. {@link NetworkInput}'s conversion to DL4J's layout (done once in setup) and filling the direct
 * input buffer ONNX Runtime reads. ONNX Runtime runs as the runtime serves: CPU provider, the input tensor
 * over a direct buffer and the output pinned to another. Threads: {@link #intraOpThreads}. GFLOP/s of the ConvLSTM:
 * {@link ConvLstmFlops}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ScoringBenchmark {

    @Param({"convlstm", "lrcn"})
    public String arch;

    @Param({"1", "8"})
    public int batch;

    /**
     * ONNX Runtime's intra-op threads: 2, one per core of the 2-core host the recorded results come from. DL4J's
     * threads come from {@code OMP_NUM_THREADS} (default: one per core), which the forked JVM inherits; for the
     * per-core cost of both engines run with {@code OMP_NUM_THREADS=1} and {@code -p intraOpThreads=1}.
     */
    @Param({"2"})
    public int intraOpThreads;

    /** Whether idle ONNX Runtime threads spin (its default; serving turns it off); {@code -p spinning=false}: they sleep. */
    @Param({"true"})
    public boolean spinning;

    private ExportedNetwork model;
    private INDArray dl4jInput;
    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor input;
    private OnnxTensor output;
    private Map<String, OnnxTensor> inputs;
    private Map<String, OnnxTensor> outputs;
    private FloatBuffer probabilities;
    private LoadedModel served;
    private OnnxScorer scorer;

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
        Architecture architecture = Architecture.valueOf(arch.toUpperCase(java.util.Locale.ROOT));
        ModelSpec spec = SeedsModels.spec(architecture);
        model = ExportedNetwork.build(SeedsModels.training(architecture), spec, false);
        float[][] windows = SeedsModels.randomWindows(spec, batch, 1L);
        dl4jInput = NetworkInput.of(architecture, Arrays.asList(windows), spec);

        env = OrtEnvironment.getEnvironment();
        session = OrtSessions.open(env, model.model(), intraOpThreads, spinning);
        FloatBuffer frames = OrtSessions.direct(batch * spec.windowSize());
        for (float[] w : windows) {
            frames.put(w);
        }
        frames.flip();
        probabilities = OrtSessions.direct(batch * spec.numClasses());
        input = OrtSessions.over(env, frames, batch, spec.framesPerWindow(), spec.channels(), spec.frameHeight(),
                spec.frameWidth());
        output = OrtSessions.over(env, probabilities, batch, spec.numClasses());
        inputs = Map.of(session.getInputNames().iterator().next(), input);
        outputs = Map.of(session.getOutputNames().iterator().next(), output);
        // The runtime's own scorer as it serves by default: a batch split into parallel runs of one thread each.
        RuntimeConfig.Scoring serving = RuntimeConfig.Scoring.defaults().withExecutionProvider("cpu");
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            served = new ModelLoader(new SessionFactory(env, serving)).load(model.model());
        } catch (ModelRejectedException e) {
            throw new IllegalStateException("the runtime rejects the exported model: " + e.getMessage(), e);
        }
        scorer = new OnnxScorer(env, Math.max(batch, serving.maxBatch()), serving.parallelRunsOn(cores));
        FloatBuffer servedInput = scorer.input(served);
        for (int i = 0; i < batch; i++) {
            servedInput.put(i * spec.windowSize(), windows[i]);
        }
        System.err.printf("runtime scorer: batch %d in up to %d parallel runs of %d intra-op thread(s)%n", batch,
                scorer.parallelRuns(), serving.intraOpThreadsOn(cores));
        System.err.printf("scoring %s batch %d: ND4J %d OpenMP / %d BLAS threads, ONNX Runtime %d intra-op threads"
                + " (spinning %b)%n", arch, batch, Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads(), intraOpThreads, spinning);
    }

    @Benchmark
    public float[][] dl4j() {
        return NetworkOutput.probabilities(model.network().output(dl4jInput, false));
    }

    @Benchmark
    public float[][] onnxruntime() throws OrtException {
        try (OrtSession.Result ignored = session.run(inputs, outputs)) {
            return rows(probabilities, batch, model.spec().numClasses());
        }
    }

    /** The runtime's {@link OnnxScorer} with the serving defaults (one part per core), same model and windows. */
    @Benchmark
    public float[][] runtime() throws OrtException {
        return rows(scorer.run(served, batch), batch, model.spec().numClasses());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (scorer != null) {
            scorer.close();
        }
        if (served != null) {
            served.close();
        }
        if (input != null) {
            input.close();
        }
        if (output != null) {
            output.close();
        }
        if (session != null) {
            session.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static float[][] rows(FloatBuffer flat, int n, int classes) {
        float[][] out = new float[n][classes];
        for (int i = 0; i < n; i++) {
            flat.get(i * classes, out[i]);
        }
        return out;
    }

    /** The network and its export, for checks. */
    ExportedNetwork exported() {
        return model;
    }
}
