package dev.actionstream.trainer.train;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts a freshly configured network from the weights of an earlier run (fine-tuning on new data), after checking
 * that the run computes the same thing: same architecture, labels in the same order, frame geometry, channel order and
 * normalisation, and a parameter of the same shape for every parameter. The window length may differ where no
 * parameter depends on it (the LRCN's per-frame CNN and LSTM; the ConvLSTM's dense layer does, and is refused by its
 * shape). The network keeps its own configuration (learning rate, dropout); Adam's moments start from zero.
 */
final class InitialWeights {

    private InitialWeights() {
    }

    static void copy(Path runDir, ModelSpec spec, MultiLayerNetwork net) {
        RunFolder from = RunFolder.open(runDir);
        ModelSpec fromSpec = from.readSpec();
        List<String> mismatches = new ArrayList<>();
        same(mismatches, "architecture", fromSpec.architecture(), spec.architecture());
        same(mismatches, "labels", fromSpec.labels(), spec.labels());
        same(mismatches, "frame size", fromSpec.frameHeight() + "x" + fromSpec.frameWidth(),
                spec.frameHeight() + "x" + spec.frameWidth());
        same(mismatches, "channels", fromSpec.channels(), spec.channels());
        same(mismatches, "channelOrder", fromSpec.channelOrder(), spec.channelOrder());
        same(mismatches, "normalisation", fromSpec.normalisation(), spec.normalisation());
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("initFrom " + runDir + " was trained for another input or labels: "
                    + String.join("; ", mismatches));
        }
        MultiLayerNetwork trained = from.loadModel();
        Map<String, INDArray> have = trained.paramTable();
        Map<String, INDArray> want = net.paramTable();
        for (Map.Entry<String, INDArray> p : want.entrySet()) {
            INDArray source = have.get(p.getKey());
            if (source == null || !Arrays.equals(source.shape(), p.getValue().shape())) {
                throw new IllegalArgumentException("initFrom " + runDir + ": parameter " + p.getKey() + " is "
                        + (source == null ? "missing" : Arrays.toString(source.shape())) + ", this config needs "
                        + Arrays.toString(p.getValue().shape()) + " (layer sizes differ)");
            }
        }
        if (have.size() != want.size()) {
            throw new IllegalArgumentException("initFrom " + runDir + " has " + have.size()
                    + " parameter arrays, this config " + want.size() + " (layer count differs)");
        }
        net.setParams(trained.params());
    }

    private static void same(List<String> mismatches, String what, Object theirs, Object ours) {
        if (!theirs.equals(ours)) {
            mismatches.add(what + " " + theirs + " vs " + ours);
        }
    }
}
