package dev.actionstream.trainer.predict;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.dataset.ClipDecoder;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import dev.actionstream.trainer.model.NetworkOutput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One answer for a whole video: {@code framesPerWindow} frames evenly spaced over it, decoded and prepared exactly as
 * the training windows were ({@link ClipDecoder}), scored once.
 */
public final class VideoClassifier {

    private final MultiLayerNetwork net;
    private final ModelSpec spec;
    private final ClipDecoder decoder;

    public VideoClassifier(MultiLayerNetwork net, ModelSpec spec) {
        this.net = Objects.requireNonNull(net, "net");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.decoder = new ClipDecoder(DatasetConfig.defaults().preparedAs(spec));
    }

    /** Class probabilities in {@code spec.labels()} order. */
    public float[] probabilities(Path video) throws VideoDecodeException {
        return NetworkOutput.predict(net, spec, List.of(decoder.decode(video)))[0];
    }

    public List<Prediction> top(Path video, int k) throws VideoDecodeException {
        return Prediction.top(probabilities(video), spec.labels(), k);
    }
}
