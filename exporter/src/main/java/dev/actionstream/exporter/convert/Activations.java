package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;

import java.util.List;

/** DL4J activation functions as ONNX nodes; those without an exact ONNX twin are refused. */
final class Activations {

    private Activations() {
    }

    /**
     * Applies {@code fn} to {@code input} (softmax along the last axis); returns the output tensor name.
     *
     * @throws IllegalArgumentException when the function has no exact mapping
     */
    static String apply(OnnxGraph g, IActivation fn, String input, String hint) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return input;
        }
        if (fn instanceof ActivationReLU relu) {
            if (nonZero(relu.getMax()) || nonZero(relu.getThreshold()) || nonZero(relu.getNegativeSlope())) {
                throw new IllegalArgumentException("ReLU with max/threshold/negativeSlope is not supported");
            }
            return g.node("Relu", hint + "_relu", List.of(input));
        }
        if (fn instanceof ActivationTanH) {
            return g.node("Tanh", hint + "_tanh", List.of(input));
        }
        if (fn instanceof ActivationSigmoid) {
            return g.node("Sigmoid", hint + "_sigmoid", List.of(input));
        }
        if (fn instanceof ActivationSoftmax) {
            return g.node("Softmax", hint + "_softmax", List.of(input), OnnxGraph.attr("axis", -1L));
        }
        if (fn instanceof ActivationLReLU l) {
            return g.node("LeakyRelu", hint + "_lrelu", List.of(input), OnnxGraph.attr("alpha", (float) l.getAlpha()));
        }
        if (fn instanceof ActivationELU e) {
            return g.node("Elu", hint + "_elu", List.of(input), OnnxGraph.attr("alpha", (float) e.getAlpha()));
        }
        throw new IllegalArgumentException("activation " + fn + " has no exact ONNX mapping");
    }

    /** The ONNX LSTM {@code activations} name for a DL4J function, or {@code null}. */
    static String rnnName(IActivation fn) {
        if (fn instanceof ActivationSigmoid) {
            return "Sigmoid";
        }
        if (fn instanceof ActivationTanH) {
            return "Tanh";
        }
        if (fn instanceof ActivationReLU r && !nonZero(r.getMax()) && !nonZero(r.getThreshold())
                && !nonZero(r.getNegativeSlope())) {
            return "Relu";
        }
        return null;
    }

    private static boolean nonZero(Double d) {
        return d != null && d != 0.0;
    }
}
