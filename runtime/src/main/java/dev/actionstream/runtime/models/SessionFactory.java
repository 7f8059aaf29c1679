package dev.actionstream.runtime.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.ExecutionProvider;
import dev.actionstream.config.RuntimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * Opens ONNX Runtime sessions with the configured execution provider. With {@code auto}, the CUDA libraries are looked
 * up first ({@link CudaLibraries}); only when they are all there is CUDA tried, once. If it is not usable (libraries
 * missing, no GPU) the reason is logged once and every later session uses the CPU without trying again. With
 * {@code cuda}, a session that cannot get CUDA is an error.
 */
public final class SessionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    public static final ExecutionProvider CUDA = ExecutionProvider.CUDA;
    public static final ExecutionProvider CPU = ExecutionProvider.CPU;

    private final OrtEnvironment env;
    private final RuntimeConfig.Scoring scoring;
    private final CudaLibraries cuda;
    private boolean probed;
    private volatile boolean cudaUnusable;
    private volatile String cudaError = "";

    public SessionFactory(OrtEnvironment env, RuntimeConfig.Scoring scoring) {
        this(env, scoring, CudaLibraries.onThisMachine());
    }

    /** @param cuda where to look for the CUDA libraries before ever asking ONNX Runtime for its CUDA provider */
    public SessionFactory(OrtEnvironment env, RuntimeConfig.Scoring scoring, CudaLibraries cuda) {
        this.env = Objects.requireNonNull(env, "env");
        this.scoring = Objects.requireNonNull(scoring, "scoring");
        this.cuda = Objects.requireNonNull(cuda, "cuda");
        this.cudaUnusable = scoring.executionProvider() == ExecutionProvider.CPU;
    }

    public OrtEnvironment environment() {
        return env;
    }

    /** A session and the provider it runs on. */
    public record Opened(OrtSession session, ExecutionProvider provider) {
    }

    public synchronized Opened open(byte[] model) throws OrtException {
        if (!cudaUnusable && !probed) {
            List<String> missing = cuda.missing();
            if (!missing.isEmpty()) {
                String why = String.join(", ", missing) + " not found";
                if (scoring.executionProvider() == ExecutionProvider.CUDA) {
                    throw new OrtException("scoring.executionProvider is cuda but CUDA is not usable: " + why
                            + " (CUDA 12 and cuDNN 9 libraries on LD_LIBRARY_PATH or in the ldconfig cache)");
                }
                cudaUnusable = true;
                cudaError = why;
                LOG.info("CUDA not available ({}): scoring on CPU", why);
            }
            probed = true;
        }
        if (!cudaUnusable) {
            try (OrtSession.SessionOptions options = options()) {
                options.addCUDA(scoring.gpuDevice());
                return new Opened(env.createSession(model, options), CUDA);
            } catch (OrtException | UnsatisfiedLinkError e) {
                if (scoring.executionProvider() == ExecutionProvider.CUDA) {
                    throw new OrtException("scoring.executionProvider is cuda but CUDA is not usable: " + e.getMessage());
                }
                cudaUnusable = true;
                cudaError = String.valueOf(e.getMessage());
                LOG.warn("CUDA execution provider not usable, scoring on CPU: {}", cudaError);
            }
        }
        try (OrtSession.SessionOptions options = options()) {
            return new Opened(env.createSession(model, options), CPU);
        }
    }

    /** Why CUDA is not used, or empty. */
    public String cudaError() {
        return cudaError;
    }

    private OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        int intraOp = scoring.intraOpThreadsOn(Runtime.getRuntime().availableProcessors());
        if (intraOp > 0) {
            options.setIntraOpNumThreads(intraOp);
        }
        if (scoring.interOpThreads() > 0) {
            options.setInterOpNumThreads(scoring.interOpThreads());
        }
        // Idle intra-op workers spin by default after every run; at one small run per frame that burned several
        // times the inference itself (bench: 15.5 vs 3.2 CPU ms per frame), stolen from decoding and preparation.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
