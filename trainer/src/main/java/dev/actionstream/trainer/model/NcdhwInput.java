package dev.actionstream.trainer.model;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;

/** NCDHW {@code [N, C, T, H, W]}: time is the depth axis of 3-D layers such as the ConvLSTM stack. */
final class NcdhwInput implements InputLayout {

    @Override
    public long[] shape(int n, ModelSpec spec) {
        return new long[] {n, spec.channels(), spec.framesPerWindow(), spec.frameHeight(), spec.frameWidth()};
    }

    @Override
    public InputType inputType(ModelSpec spec) {
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, spec.framesPerWindow(),
                spec.frameHeight(), spec.frameWidth(), spec.channels());
    }

    @Override
    public void write(float[] window, float[] batch, int offset, ModelSpec spec) {
        int frames = spec.framesPerWindow();
        int channels = spec.channels();
        int plane = spec.frameHeight() * spec.frameWidth();
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channels; c++) {
                int from = (t * channels + c) * plane;
                int to = offset + (c * frames + t) * plane;
                System.arraycopy(window, from, batch, to, plane);
            }
        }
    }
}
