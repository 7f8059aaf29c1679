package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.actionstream.config.OnnxContract.OOD_SCORE;
import static dev.actionstream.config.OnnxContract.PROBABILITIES;
import static dev.actionstream.exporter.onnx.OnnxGraph.BATCH;
import static dev.actionstream.exporter.onnx.OnnxGraph.attr;
import static dev.actionstream.exporter.onnx.OnnxGraph.ints;

/**
 * The softmax output layer with calibration, from its input features {@code f} [N, D]:
 * <pre>
 *   probabilities = Softmax(Gemm(f, W, b) / T)
 *   ood_score     = sqrt(min_k |f·Wᵀ_white − W_white·μ_k|²)     [N]
 * </pre>
 * The distance is taken as a difference of whitened vectors (a [N, K, D] tensor, K classes) rather than expanded
 * into norms and a product, so float rounding stays relative to the distance, not to the features' magnitude.
 */
final class CalibratedOutputEmitter {

    private final OodHead ood;

    CalibratedOutputEmitter(OodHead ood) {
        this.ood = ood;
    }

    void emit(OnnxGraph g, SourceLayer layer, Flow f) {
        if (f.layout() != Layout.FLAT) {
            throw layer.unsupported("calibration needs the output layer's input flat, receives " + f.layout());
        }
        if (f.size() != ood.features()) {
            throw layer.unsupported("feature statistics are for " + ood.features() + " features, the output layer "
                    + "takes " + f.size());
        }
        INDArray w = layer.param("W");
        String logits = g.node("Gemm", "logits", List.of(f.tensor(),
                g.constant("output_W", NetworkConverter.floats(w), w.shape()),
                g.constant("output_b", NetworkConverter.floats(layer.param("b")), w.size(1))));
        String scaled = g.node("Div", "logits_over_temperature",
                List.of(logits, g.constant("temperature", new float[] {(float) ood.temperature()})));
        g.namedNode("Softmax", PROBABILITIES, List.of(scaled), attr("axis", -1L));
        g.output(PROBABILITIES, BATCH, w.size(1));

        long d = ood.features();
        String white = g.node("MatMul", "ood_whitened", List.of(f.tensor(),
                g.constant("ood_whitening_t", ood.whiteningTransposed(), d, d)));
        String rows = g.node("Unsqueeze", "ood_rows", List.of(white, g.longs("ood_axis1", 1)));
        String diff = g.node("Sub", "ood_diff", List.of(rows,
                g.constant("ood_whitened_means", ood.whitenedMeans(), ood.classes(), d)));
        String squared = g.node("Mul", "ood_squared", List.of(diff, diff));
        String perClass = g.node("ReduceSum", "ood_per_class", List.of(squared, g.longs("ood_axis2", 2)),
                attr("keepdims", 0L));
        String nearest = g.node("ReduceMin", "ood_nearest", List.of(perClass), ints("axes", 1), attr("keepdims", 0L));
        g.namedNode("Sqrt", OOD_SCORE, List.of(nearest));
        g.output(OOD_SCORE, BATCH);
    }
}
