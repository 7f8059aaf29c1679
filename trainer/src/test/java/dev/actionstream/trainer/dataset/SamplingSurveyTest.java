package dev.actionstream.trainer.dataset;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.SamplingConfig;
import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time scale a training run records, from real clips written by the synth module. */
class SamplingSurveyTest {

    @TempDir
    Path dir;

    private Path clip(String folder, int frames) throws Exception {
        SyntheticDatasetWriter w = new SyntheticDatasetWriter(
                new SyntheticDatasetWriter.Settings(dir.resolve(folder), 1, 3, 64, 48, frames, 25));
        w.write(false);
        return w.videoPath(Action.WALKING, 0);
    }

    private static DatasetConfig twelveFrames() {
        return DatasetConfig.defaults().withGeometry(12, 32, 32);
    }

    @Test
    void evenSamplingOf60FrameClipsAt25FpsIsFiveFrameStepsApart() throws Exception {
        Path a = clip("a", 60);
        Path b = clip("b", 60);
        SamplingSurvey.Result r = SamplingSurvey.of(List.of(a, b), twelveFrames());
        assertEquals(new WindowSampling(SamplingMode.EVEN, 0.2, 0.2, 0.2), r.sampling());
        assertNull(r.warning());
    }

    @Test
    void clipsWhoseIntervalsDifferMoreThanTwiceAreNamedInAWarning() throws Exception {
        Path longClip = clip("long", 60);
        Path shortClip = clip("short", 12);
        SamplingSurvey.Result r = SamplingSurvey.of(List.of(longClip, shortClip, clip("long2", 60)), twelveFrames());
        assertEquals(0.2, r.sampling().intervalSeconds(), 1e-9, "the median clip");
        assertEquals(0.04, r.sampling().minIntervalSeconds(), 1e-9);
        assertTrue(r.warning() != null && r.warning().contains("walking_000.mp4 (0.040 s)")
                && r.warning().contains("(0.200 s)"), String.valueOf(r.warning()));
    }

    @Test
    void rateSamplingRecordsTheRate() {
        SamplingSurvey.Result r = SamplingSurvey.of(List.of(), twelveFrames().withSampling(SamplingConfig.rate(12.5)));
        assertEquals(WindowSampling.rate(12.5), r.sampling());
        assertEquals(80_000, r.sampling().intervalMicros());
    }

    @Test
    void aRateWindowAtHalfTheClipsFrameRateHoldsEverySecondFrame() throws Exception {
        Path clip = clip("c", 60);
        DatasetConfig base = DatasetConfig.defaults().withGeometry(6, 16, 16);
        float[] atRate = new ClipDecoder(base.withSampling(SamplingConfig.rate(12.5))).decode(clip);
        float[] consecutive = new ClipDecoder(base.withGeometry(12, 16, 16).withSampling(SamplingConfig.rate(25)))
                .decode(clip);
        int frame = 3 * 16 * 16;
        for (int k = 0; k < 6; k++) {
            assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(consecutive, 2 * k * frame,
                    (2 * k + 1) * frame)), java.util.Arrays.toString(java.util.Arrays.copyOfRange(atRate, k * frame,
                    (k + 1) * frame)), "frame " + k + " of the 12.5 fps window is frame " + (2 * k) + " of the clip");
        }
    }
}
