package dev.actionstream.trainer.model;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * {@code [N, T, C*H*W]} (RNN format NWC): one flattened planar frame per time step, i.e. the window unchanged, for
 * networks that run a CNN on every frame.
 */
final class FrameSequenceInput implements InputLayout {

    @Override
    public long[] shape(int n, ModelSpec spec) {
        return new long[] {n, spec.framesPerWindow(), spec.frameSize()};
    }

    @Override
    public InputType inputType(ModelSpec spec) {
        return InputType.recurrent(spec.frameSize(), spec.framesPerWindow(), RNNFormat.NWC);
    }

    @Override
    public void write(float[] window, float[] batch, int offset, ModelSpec spec) {
        System.arraycopy(window, 0, batch, offset, spec.windowSize());
    }
}
