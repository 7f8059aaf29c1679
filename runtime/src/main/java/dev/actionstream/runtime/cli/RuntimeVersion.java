package dev.actionstream.runtime.cli;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.BuildInfo;
import dev.actionstream.runtime.models.CudaLibraries;
import picocli.CommandLine.IVersionProvider;

import java.util.List;

/**
 * {@code -V} of the runtime commands (and of {@code ./actionstream --version}): the build, the ONNX Runtime loaded,
 * whether its CUDA provider's libraries are present, Java and OS; what a bug report needs.
 */
public final class RuntimeVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        List<String> missing = CudaLibraries.onThisMachine().missing();
        return BuildInfo.current().lines("ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion(),
                missing.isEmpty() ? "CUDA libraries: found (CUDA 12, cuDNN 9)"
                        : "CUDA libraries: not found (" + String.join(", ", missing) + "): scoring on CPU");
    }
}
