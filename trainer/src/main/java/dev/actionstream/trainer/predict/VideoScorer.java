package dev.actionstream.trainer.predict;

import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a video once, forms its windows by {@link SlidingWindows} (at the model's frame interval) and scores each window once, in batches: the
 * {@link VideoScores} every output of {@code predict} is read from.
 */
public final class VideoScorer {

    /** Windows per model call: large enough to amortise a call, small enough to keep memory flat on long videos. */
    static final int BATCH = 8;

    private final WindowScorer scorer;

    public VideoScorer(WindowScorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    public VideoScores score(Path video, boolean progress) throws VideoDecodeException {
        ModelSpec spec = scorer.spec();
        FramePreparer preparer = FramePreparer.forSpec(spec);
        SlidingWindows windows = new SlidingWindows(spec.framesPerWindow(), spec.frameSize(),
                spec.frameIntervalMicros());
        List<float[]> batch = new ArrayList<>(BATCH);
        List<Integer> batchEnds = new ArrayList<>(BATCH);
        List<float[]> probabilities = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        int decoded = 0;
        try (VideoFrames frames = VideoFrames.open(video);
             ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("Scoring")
                     .setInitialMax(Math.max(0, frames.grabber().getLengthInFrames()))
                     .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build() : null) {
            Frame frame;
            while ((frame = frames.next()) != null) {
                decoded++;
                if (bar != null) {
                    bar.step();
                }
                if (!windows.takes(frame.timestamp)) {
                    continue;
                }
                VideoFrames.prepare(preparer, frame, windows.slot());
                if (windows.advance()) {
                    float[] window = new float[spec.windowSize()];
                    windows.copyWindow(window);
                    batch.add(window);
                    batchEnds.add(decoded - 1);
                    if (batch.size() == BATCH) {
                        flush(batch, batchEnds, probabilities, ends);
                    }
                }
            }
        }
        if (windows.framesSeen() == 0) {
            throw new VideoDecodeException(video, "no decodable video frames", null);
        }
        float[] padded = new float[spec.windowSize()];
        if (windows.copyPaddedWindow(padded)) {
            batch.add(padded);
            batchEnds.add(decoded - 1);
        }
        flush(batch, batchEnds, probabilities, ends);
        return new VideoScores(spec.labels(), decoded, ends.stream().mapToInt(Integer::intValue).toArray(),
                probabilities.toArray(new float[0][]));
    }

    private void flush(List<float[]> batch, List<Integer> batchEnds, List<float[]> probabilities, List<Integer> ends) {
        if (batch.isEmpty()) {
            return;
        }
        float[][] scored = scorer.score(batch);
        if (scored.length != batch.size()) {
            throw new IllegalStateException(scorer.describe() + " returned " + scored.length + " rows for "
                    + batch.size() + " windows");
        }
        probabilities.addAll(Arrays.asList(scored));
        ends.addAll(batchEnds);
        batch.clear();
        batchEnds.clear();
    }
}
