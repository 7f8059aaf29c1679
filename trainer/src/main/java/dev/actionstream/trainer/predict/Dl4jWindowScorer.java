package dev.actionstream.trainer.predict;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.model.NetworkOutput;
import dev.actionstream.trainer.train.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;
import java.util.Objects;

/** A trained run's DL4J network. */
public final class Dl4jWindowScorer implements WindowScorer {

    private final MultiLayerNetwork net;
    private final ModelSpec spec;
    private final String source;

    public Dl4jWindowScorer(MultiLayerNetwork net, ModelSpec spec, String source) {
        this.net = Objects.requireNonNull(net, "net");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The network and spec of a run folder; the message says what is missing or damaged. */
    public static Dl4jWindowScorer open(RunFolder run) {
        return new Dl4jWindowScorer(run.loadModel(), run.readSpec(), "run " + run.root());
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float[][] score(List<float[]> windows) {
        return NetworkOutput.predict(net, spec, windows);
    }

    @Override
    public String describe() {
        return source;
    }

    @Override
    public void close() {
        // The network's arrays are freed with it; nothing native is held apart from them.
    }
}
