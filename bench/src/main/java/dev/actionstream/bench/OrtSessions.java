package dev.actionstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/** ONNX Runtime sessions and tensors set up the way the runtime serves: CPU provider, all graph optimisations. */
final class OrtSessions {

    private OrtSessions() {
    }

    /**
     * @param spinning whether idle intra-op threads spin (ONNX Runtime's default; serving turns it off) or sleep; spinning
     *                 costs dearly when the machine has fewer free cores than threads
     */
    static OrtSession open(OrtEnvironment env, Path model, int intraOpThreads, boolean spinning) throws OrtException {
        return open(env, model, intraOpThreads, spinning, null);
    }

    /** As above, with ONNX Runtime's profiler writing to files named {@code profilePrefix}... (null: no profiling). */
    static OrtSession open(OrtEnvironment env, Path model, int intraOpThreads, boolean spinning, Path profilePrefix)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (profilePrefix != null) {
                options.enableProfiling(profilePrefix.toString());
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            if (!spinning) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            return env.createSession(model.toString(), options);
        }
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A tensor over {@code buffer} itself (a direct buffer is not copied): writing the buffer changes the tensor. */
    static OnnxTensor over(OrtEnvironment env, FloatBuffer buffer, long... shape) throws OrtException {
        return OnnxTensor.createTensor(env, buffer, shape);
    }
}
