package dev.actionstream.trainer.train;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig.InitLayers;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts a freshly configured network from the weights of an earlier run.
 *
 * <p>{@link InitLayers#ALL} (fine-tuning on new data) first checks that the run computes the same thing: same
 * architecture, labels in the same order, frame geometry, channel order and normalisation, and a parameter of the same
 * shape for every parameter. The window length may differ where no parameter depends on it (the LRCN's per-frame CNN
 * and LSTM; the ConvLSTM's dense layer does, and is refused by its shape).
 *
 * <p>{@link InitLayers#MATCHING} (transfer) needs only the same architecture and input encoding (channels, channel
 * order, normalisation): it takes every layer whose parameters all have the same shapes, and leaves the rest as the
 * fresh network drew them: the output layer when the labels differ, an LSTM of another width, the layers after a
 * change of frame size. A run of which no layer fits is refused.
 *
 * <p>Either way the network keeps its own configuration (learning rate, dropout) and Adam's moments start from zero.
 */
final class InitialWeights {

    private InitialWeights() {
    }

    /**
     * Copies the run's weights into {@code net} as {@code layers} says.
     *
     * @return what was taken, for the training log
     */
    static String copy(Path runDir, ModelSpec spec, MultiLayerNetwork net, InitLayers layers) {
        RunFolder from = RunFolder.open(runDir);
        ModelSpec fromSpec = from.readSpec();
        List<String> mismatches = new ArrayList<>();
        same(mismatches, "architecture", fromSpec.architecture(), spec.architecture());
        same(mismatches, "channels", fromSpec.channels(), spec.channels());
        same(mismatches, "channelOrder", fromSpec.channelOrder(), spec.channelOrder());
        same(mismatches, "normalisation", fromSpec.normalisation(), spec.normalisation());
        if (layers == InitLayers.ALL) {
            same(mismatches, "labels", fromSpec.labels(), spec.labels());
            same(mismatches, "frame size", fromSpec.frameHeight() + "x" + fromSpec.frameWidth(),
                    spec.frameHeight() + "x" + spec.frameWidth());
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("initFrom " + runDir + " was trained for another input"
                    + (layers == InitLayers.ALL ? " or labels" : "") + ": " + String.join("; ", mismatches));
        }
        MultiLayerNetwork trained = from.loadModel();
        Map<String, INDArray> have = trained.paramTable();
        Map<String, INDArray> want = net.paramTable();
        if (layers == InitLayers.ALL) {
            copyAll(runDir, trained, net);
            return "weights from " + runDir;
        }
        int output = net.getnLayers() - 1;
        boolean sameLabels = fromSpec.labels().equals(spec.labels());
        Map<Integer, List<String>> byLayer = new TreeMap<>();
        for (String key : want.keySet()) {
            byLayer.computeIfAbsent(layerOf(key), k -> new ArrayList<>()).add(key);
        }
        List<Integer> taken = new ArrayList<>();
        List<Integer> fresh = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> layer : byLayer.entrySet()) {
            boolean fits = (sameLabels || layer.getKey() != output) && layer.getValue().stream().allMatch(key ->
                    have.containsKey(key) && Arrays.equals(have.get(key).shape(), want.get(key).shape()));
            (fits ? taken : fresh).add(layer.getKey());
        }
        if (taken.isEmpty()) {
            throw new IllegalArgumentException("initFrom " + runDir + ": no layer has the shapes this config needs");
        }
        for (int layer : taken) {
            for (String key : byLayer.get(layer)) {
                net.getParam(key).assign(have.get(key));
            }
        }
        String carried = sameLabels ? "" : carryLabels(have, net, byLayer.getOrDefault(output, List.of()),
                fromSpec.labels(), spec.labels());
        return "weights from " + runDir + " for layers " + taken + "; layers " + fresh + " start fresh" + carried;
    }

    /**
     * The output layer of a run with other labels: each label both know keeps its own weights and bias (its column),
     * so the actions the run knew start out recognised as before and only a new label's column starts fresh. Only
     * when the layer's input is as wide as the run's.
     */
    private static String carryLabels(Map<String, INDArray> have, MultiLayerNetwork net, List<String> keys,
                                      List<String> fromLabels, List<String> labels) {
        for (String key : keys) {
            INDArray theirs = have.get(key);
            INDArray ours = net.getParam(key);
            // Weights [inputs, labels]; a bias [1, labels] or [labels].
            if (theirs == null || theirs.rank() != ours.rank() || theirs.rank() > 2
                    || theirs.size(-1) != fromLabels.size() || ours.size(-1) != labels.size()
                    || (theirs.rank() == 2 && theirs.rows() != ours.rows())) {
                return "";
            }
        }
        List<String> kept = new ArrayList<>();
        for (int j = 0; j < labels.size(); j++) {
            int i = fromLabels.indexOf(labels.get(j));
            if (i < 0) {
                continue;
            }
            for (String key : keys) {
                INDArray ours = net.getParam(key);
                if (ours.rank() == 1) {
                    ours.putScalar(j, have.get(key).getDouble(i));
                } else {
                    ours.putColumn(j, have.get(key).getColumn(i));
                }
            }
            kept.add(labels.get(j));
        }
        return kept.isEmpty() ? "" : " but for the output of " + kept + ", carried over";
    }

    private static void copyAll(Path runDir, MultiLayerNetwork trained, MultiLayerNetwork net) {
        Map<String, INDArray> have = trained.paramTable();
        Map<String, INDArray> want = net.paramTable();
        for (Map.Entry<String, INDArray> p : want.entrySet()) {
            INDArray source = have.get(p.getKey());
            if (source == null || !Arrays.equals(source.shape(), p.getValue().shape())) {
                throw new IllegalArgumentException("initFrom " + runDir + ": parameter " + p.getKey() + " is "
                        + (source == null ? "missing" : Arrays.toString(source.shape())) + ", this config needs "
                        + Arrays.toString(p.getValue().shape()) + " (layer sizes differ; initLayers: matching "
                        + "takes the layers that fit)");
            }
        }
        if (have.size() != want.size()) {
            throw new IllegalArgumentException("initFrom " + runDir + " has " + have.size()
                    + " parameter arrays, this config " + want.size() + " (layer count differs)");
        }
        net.setParams(trained.params());
    }

    /** DL4J names a parameter {@code <layer index>_<name>}. */
    private static int layerOf(String key) {
        return Integer.parseInt(key.substring(0, key.indexOf('_')));
    }

    private static void same(List<String> mismatches, String what, Object theirs, Object ours) {
        if (!theirs.equals(ours)) {
            mismatches.add(what + " " + theirs + " vs " + ours);
        }
    }
}
