package dev.actionstream.trainer.model;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The layers every architecture shares, with the seeds' (Keras) meaning of their arguments. */
final class KerasLayers {

    private KerasLayers() {
    }

    /** Keras' {@code Dropout(rate)} drops {@code rate}; DL4J's {@code Dropout(p)} retains {@code p}. */
    static DropoutLayer dropout(double rate, String name) {
        return new DropoutLayer.Builder().dropOut(new Dropout(1.0 - rate)).name(name).build();
    }

    static OutputLayer softmax(ModelSpec spec) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(spec.numClasses())
                .activation(Activation.SOFTMAX)
                .name("softmax")
                .build();
    }
}
