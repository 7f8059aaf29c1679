package dev.actionstream.exporter;

import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import dev.actionstream.trainer.predict.SlidingWindows;
import dev.actionstream.trainer.predict.VideoFrames;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows of consecutive frames of a video, as a live stream would form them, every {@code stride}-th one: an
 * unknown-footage sample for the OOD report. At most {@code limit} windows, so a long video costs what a short one does.
 */
final class VideoWindows {

    private VideoWindows() {
    }

    static List<float[]> sample(Path video, ModelSpec spec, int stride, int limit) throws VideoDecodeException {
        FramePreparer preparer = FramePreparer.forSpec(spec);
        SlidingWindows windows = new SlidingWindows(spec.framesPerWindow(), spec.frameSize());
        List<float[]> out = new ArrayList<>();
        try (VideoFrames frames = VideoFrames.open(video)) {
            int complete = 0;
            Frame frame;
            while (out.size() < limit && (frame = frames.next()) != null) {
                VideoFrames.prepare(preparer, frame, windows.slot());
                if (windows.advance() && complete++ % stride == 0) {
                    float[] w = new float[spec.windowSize()];
                    windows.copyWindow(w);
                    out.add(w);
                }
            }
            if (out.isEmpty()) {
                float[] w = new float[spec.windowSize()];
                if (windows.copyPaddedWindow(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }
}
