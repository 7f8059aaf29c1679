package dev.actionstream.trainer.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Training accuracy read off the forward pass {@code fit} already makes (dropout included, as Keras reports it),
 * instead of a second, inference-mode pass over every batch, which cost a quarter of each epoch.
 *
 * <p>DL4J hands listeners the activations up to the layer before the output layer; the output layer's argmax is
 * that of its pre-activation {@code x W + b} (softmax is monotonic), so only a small matrix product is computed here.
 */
final class BatchAccuracyListener extends BaseTrainingListener {

    private int[] truth;
    private int correct;
    private boolean seen;

    /** The labels of the batch {@code fit} is about to see. */
    void expect(int[] labels) {
        this.truth = labels;
        this.correct = 0;
        this.seen = false;
    }

    /** Correct predictions in the last batch; fails if {@code fit} did not report its forward pass. */
    int correct() {
        if (!seen) {
            throw new IllegalStateException("the network did not report its training forward pass");
        }
        return correct;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        int outputIndex = net.getnLayers() - 1;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = activations.get(activations.size() - 1);
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(outputIndex);
            if (pre != null) {
                x = pre.preProcess(x.dup(), (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
            }
            INDArray w = net.getLayer(outputIndex).getParam("W");
            INDArray b = net.getLayer(outputIndex).getParam("b");
            INDArray scores = x.castTo(w.dataType()).mmul(w).addiRowVector(b);
            INDArray predicted = scores.argMax(1);
            int hits = 0;
            for (int i = 0; i < truth.length; i++) {
                if (predicted.getInt(i) == truth[i]) {
                    hits++;
                }
            }
            correct = hits;
            seen = true;
        }
    }
}
