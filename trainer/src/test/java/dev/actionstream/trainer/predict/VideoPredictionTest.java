package dev.actionstream.trainer.predict;

import dev.actionstream.synth.Action;
import dev.actionstream.trainer.cli.PredictCommand;
import dev.actionstream.trainer.train.RunFolder;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The printed top-k, the summary and the overlay of {@code predict} are one computation on a real synthetic clip. */
class VideoPredictionTest {

    private static final int FRAMES = 24;
    private static final int SMOOTHING = 3;

    @TempDir
    static Path dir;
    static Path clip;
    static VideoScores scores;

    @BeforeAll
    static void scoreOnce() throws Exception {
        clip = ShippedModels.clip(dir.resolve("clips"), Action.RUNNING, FRAMES);
        try (WindowScorer scorer = Dl4jWindowScorer.open(RunFolder.open(ShippedModels.LRCN_RUN))) {
            scores = new VideoScorer(scorer).score(clip, false);
        }
    }

    @Test
    void everyWindowOfConsecutiveFramesIsScoredOnce() {
        // 12-frame windows over 24 frames: one ending at each frame from the 12th on.
        assertEquals(FRAMES, scores.frames());
        assertEquals(FRAMES - 12 + 1, scores.windows());
        assertEquals(11, scores.windowEnd(0));
        assertEquals(FRAMES - 1, scores.windowEnd(scores.windows() - 1));
    }

    @Test
    void printedTopKIsTheMeanOfTheWindowsAndItsFirstLineIsTheSummarysVideoLabel() {
        VideoPrediction prediction = VideoPrediction.of(scores, SMOOTHING);
        float[] mean = new float[scores.labels().size()];
        for (int i = 0; i < scores.windows(); i++) {
            float[] p = scores.window(i);
            for (int c = 0; c < mean.length; c++) {
                mean[c] += p[c] / scores.windows();
            }
        }

        List<Prediction> top = prediction.top(6);
        for (Prediction p : top) {
            assertEquals(mean[scores.labels().indexOf(p.label())], p.confidence(), 1e-5, p.label());
        }
        assertEquals(top.get(0), prediction.summary().video());
        assertTrue(prediction.lines(3).get(0).startsWith("1. " + prediction.summary().video().label() + " "),
                prediction.lines(3).toString());
        assertTrue(prediction.lines(3).get(3).startsWith("video: " + top.get(0).label()), prediction.lines(3).get(3));
    }

    @Test
    void overlayLabelsComeFromTheWindowsAndTheLastOneIsTheSummarysEndLabel() {
        VideoPrediction prediction = VideoPrediction.of(scores, SMOOTHING);
        List<Prediction> labels = prediction.frameLabels();

        assertEquals(FRAMES, labels.size());
        for (int f = 0; f < 11; f++) {
            assertNull(labels.get(f), "frame " + f + " is before the first full window");
        }
        // Frame 11 ends the first window, with nothing before it to average.
        assertEquals(Prediction.top(scores.window(0), scores.labels(), 1).get(0), labels.get(11));
        assertEquals(labels.get(FRAMES - 1), prediction.summary().end());
        String line = prediction.summary().line();
        assertEquals(prediction.summary().agrees(), line.endsWith(", the same label"), line);
        assertEquals(!prediction.summary().agrees(), line.endsWith(", not the video label"), line);
    }

    @Test
    void smoothingOverAllWindowsMakesTheLastFramesLabelTheVideoLabel() {
        VideoPrediction prediction = VideoPrediction.of(scores, scores.windows());

        assertEquals(prediction.summary().video().label(), prediction.summary().end().label());
        assertEquals(prediction.summary().video().confidence(), prediction.summary().end().confidence(), 1e-6);
        assertTrue(prediction.summary().agrees());
    }

    @Test
    void predictPrintsTheLinesOfTheResultItsOverlayIsDrawnFrom() throws Exception {
        Path overlay = dir.resolve("overlay.mp4");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new PredictCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--model", ShippedModels.LRCN_RUN.toString(), "--video", clip.toString(), "--top", "3",
                        "--overlay", overlay.toString(), "--smoothing", Integer.toString(SMOOTHING), "--no-progress");

        assertEquals(0, exit, err.toString());
        VideoPrediction prediction = VideoPrediction.of(scores, SMOOTHING);
        List<String> printed = Arrays.asList(out.toString().split("\n"));
        assertEquals(prediction.lines(3), printed.subList(1, 5), out.toString());
        // The overlay shows a label (green text) exactly on the frames the result gives one.
        List<Boolean> drawn = greenTextPerFrame(overlay);
        List<Boolean> expected = new ArrayList<>();
        prediction.frameLabels().forEach(p -> expected.add(p != null));
        assertEquals(expected, drawn);
    }

    @Test
    void aClipAtTwiceTheModelsRateIsScoredOnEverySecondFrameAndLabelledAsAt25Fps() throws Exception {
        // The shipped model was trained on frames 0.04 s apart: of a 50 fps clip it takes every 2nd frame, so the
        // same 0.96 s of the same actor give as many windows, and the same video label, as the 25 fps clip.
        Path fast = ShippedModels.clip(dir.resolve("fast"), Action.RUNNING, 2 * FRAMES, 50);
        VideoScores fastScores;
        try (WindowScorer scorer = Dl4jWindowScorer.open(RunFolder.open(ShippedModels.LRCN_RUN))) {
            fastScores = new VideoScorer(scorer).score(fast, false);
        }

        assertEquals(2 * FRAMES, fastScores.frames());
        assertEquals(scores.windows(), fastScores.windows());
        for (int i = 0; i < fastScores.windows(); i++) {
            assertEquals(2 * scores.windowEnd(i), fastScores.windowEnd(i), "window " + i + " ends on an even frame");
        }
        List<Prediction> labels = VideoPrediction.of(fastScores, SMOOTHING).frameLabels();
        assertNull(labels.get(2 * 11 - 1), "the 12th frame taken is frame 22");
        assertNotNull(labels.get(2 * 11));
        assertEquals(VideoPrediction.of(scores, SMOOTHING).summary().video().label(),
                VideoPrediction.of(fastScores, SMOOTHING).summary().video().label());
    }

    @Test
    void aVideoShorterThanAWindowIsScoredOncePadded() throws Exception {
        Path shortClip = ShippedModels.clip(dir.resolve("short"), Action.BOXING, 5);
        VideoScores shortScores;
        try (WindowScorer scorer = Dl4jWindowScorer.open(RunFolder.open(ShippedModels.LRCN_RUN))) {
            shortScores = new VideoScorer(scorer).score(shortClip, false);
        }

        assertEquals(5, shortScores.frames());
        assertEquals(1, shortScores.windows());
        List<Prediction> labels = VideoPrediction.of(shortScores, SMOOTHING).frameLabels();
        assertNull(labels.get(3));
        assertNotNull(labels.get(4));
    }

    /** Whether each frame's label box holds bright green (a label) rather than grey ("warming up"). */
    private static List<Boolean> greenTextPerFrame(Path video) throws Exception {
        List<Boolean> green = new ArrayList<>();
        Java2DFrameConverter converter = new Java2DFrameConverter();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                BufferedImage image = converter.convert(frame);
                int count = 0;
                for (int y = 0; y < 24; y++) {
                    for (int x = 0; x < 80; x++) {
                        int rgb = image.getRGB(x, y);
                        int r = (rgb >> 16) & 0xff;
                        int g = (rgb >> 8) & 0xff;
                        int b = rgb & 0xff;
                        count += g > 150 && r < 110 && b < 110 ? 1 : 0;
                    }
                }
                green.add(count >= 5);
            }
        }
        return green;
    }
}
