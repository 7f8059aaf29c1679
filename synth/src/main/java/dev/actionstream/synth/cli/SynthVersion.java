package dev.actionstream.synth.cli;

import dev.actionstream.config.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code actionstream synth -V}: the build, Java and OS (synth loads no inference engine). */
public final class SynthVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return BuildInfo.current().lines();
    }
}
