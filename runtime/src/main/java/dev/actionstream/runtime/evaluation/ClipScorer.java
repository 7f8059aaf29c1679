package dev.actionstream.runtime.evaluation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.IntervalSampler;
import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.source.FfmpegInput;
import dev.actionstream.runtime.source.FrameReceiver;
import dev.actionstream.runtime.source.SourceSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Scores one model over whole clips as a live stream of the clip would be scored: the clip is decoded as serving
 * decodes a file (BGR, unpaced), each frame due at the model's interval ({@link IntervalSampler} on the frames'
 * timestamps) is prepared with the model's {@link FramePreparer} (and, for a split model, encoded), and every taken
 * frame from the {@code T}-th on ends a window of the last {@code T}. A clip shorter than one window gives one,
 * padded with its last frame, as the trainer pads short clips. A window is right when its top label (argmax, no
 * threshold, no unknown) is the clip's label.
 */
final class ClipScorer {

    private final LoadedModel model;
    private final ModelSpec spec;
    private final FramePreparer preparer;
    private final RuntimeConfig.Pipeline decoding;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final float[] frame;
    private final float[][] ring;
    private final float[] window;
    private final FloatBuffer encoderInput;
    private final FloatBuffer windowInput;

    ClipScorer(LoadedModel model, RuntimeConfig.Pipeline decoding) {
        this.model = Objects.requireNonNull(model, "model");
        this.decoding = Objects.requireNonNull(decoding, "decoding");
        this.spec = model.spec();
        this.preparer = FramePreparer.forSpec(spec);
        this.frame = new float[spec.frameSize()];
        this.ring = new float[spec.framesPerWindow()][model.elementSize()];
        this.window = new float[model.windowSize()];
        this.encoderInput = direct(spec.frameSize());
        this.windowInput = direct(model.windowSize());
    }

    /** Adds every window of {@code clip} to {@code tally}; the exception says why the clip could not be scored. */
    void score(LabelledClip clip, Accuracy.Tally tally) throws IOException, OrtException {
        IntervalSampler sampler = new IntervalSampler(spec.frameIntervalMicros());
        int frames = spec.framesPerWindow();
        int[] taken = {0};
        OrtException[] failed = {null};
        try (FfmpegInput in = FfmpegInput.open(SourceSpec.parse(clip.file().toString()), decoding, false)) {
            FrameReceiver receiver = (pixels, width, height, stride, format, mediaMicros) -> {
                if (failed[0] != null || (mediaMicros != FrameReceiver.NO_MEDIA_TIME && !sampler.take(mediaMicros))) {
                    return;
                }
                try {
                    preparer.prepare(pixels, width, height, stride, format, frame, 0);
                    element(ring[taken[0] % frames]);
                    taken[0]++;
                    if (taken[0] >= frames) {
                        for (int k = 0; k < frames; k++) {
                            copy(ring[(taken[0] + k) % frames], k);
                        }
                        tally.add(clip.label(), clip.label().equals(top()));
                    }
                } catch (OrtException e) {
                    failed[0] = e;
                }
            };
            while (in.next(receiver)) {
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        int seen = taken[0];
        if (seen == 0) {
            throw new IOException(clip.file() + ": no frame decoded");
        }
        if (seen < frames) {
            for (int k = 0; k < frames; k++) {
                copy(ring[Math.min(k, seen - 1)], k);
            }
            tally.add(clip.label(), clip.label().equals(top()));
        }
    }

    /** The window element of the prepared {@link #frame}: itself, or a split model's encoding of it. */
    private void element(float[] into) throws OrtException {
        if (!model.split()) {
            System.arraycopy(frame, 0, into, 0, frame.length);
            return;
        }
        encoderInput.clear();
        encoderInput.put(frame).flip();
        try (OnnxTensor t = OnnxTensor.createTensor(env, encoderInput, spec.frameShape(1));
             OrtSession.Result out = model.encoder().run(Map.of(ModelForm.ENCODER.input(), t))) {
            float[] features = ((float[][]) out.get(0).getValue())[0];
            System.arraycopy(features, 0, into, 0, into.length);
        }
    }

    private void copy(float[] element, int position) {
        System.arraycopy(element, 0, window, position * element.length, element.length);
    }

    /** The top label of {@link #window}. */
    private String top() throws OrtException {
        windowInput.clear();
        windowInput.put(window).flip();
        float[] p;
        try (OnnxTensor t = OnnxTensor.createTensor(env, windowInput, model.windowShape(1));
             OrtSession.Result out = model.session().run(Map.of(model.inputName(), t), Set.of(model.outputName()))) {
            p = ((float[][]) out.get(0).getValue())[0];
        }
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return spec.labels().get(best);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
