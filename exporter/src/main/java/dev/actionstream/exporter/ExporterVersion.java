package dev.actionstream.exporter;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code actionstream export -V}: the build, Deeplearning4j, the ONNX Runtime that checks parity, Java and OS. */
public final class ExporterVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return build.lines("Deeplearning4j " + build.dl4jVersion(),
                "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion());
    }
}
