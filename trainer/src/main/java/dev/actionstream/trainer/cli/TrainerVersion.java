package dev.actionstream.trainer.cli;

import dev.actionstream.config.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code -V} of the training commands: the build, the Deeplearning4j it trains with, Java and OS. */
public final class TrainerVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        // The built-against version: loading ND4J's native backend just to ask would take seconds.
        return build.lines("Deeplearning4j " + build.dl4jVersion());
    }
}
