package dev.actionstream.synth;

import dev.actionstream.synth.scene.Staging;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipRendererTest {

    private static final int W = 160;
    private static final int H = 120;

    @Test
    void sameSeedRendersIdenticalPixels() {
        for (Action action : Action.values()) {
            byte[] first = frame(ClipParameters.random(action, 42), 17);
            byte[] second = frame(ClipParameters.random(action, 42), 17);
            assertArrayEquals(first, second, action + ": same seed, different pixels");
        }
    }

    @Test
    void differentSeedsRenderDifferentClips() {
        byte[] a = frame(ClipParameters.random(Action.WALKING, 1), 0);
        byte[] b = frame(ClipParameters.random(Action.WALKING, 2), 0);
        assertTrue(meanAbsoluteDifference(a, b) > 10, "clips of different seeds look alike");
        assertTrue(!ClipParameters.random(Action.WALKING, 1).equals(ClipParameters.random(Action.WALKING, 2)));
    }

    @Test
    void framesDoNotDependOnRenderingOrder() {
        ClipParameters clip = ClipParameters.random(Action.RUNNING, 7);
        byte[] direct = frame(clip, 30);
        try (ClipRenderer renderer = new ClipRenderer(clip, W, H, 25)) {
            BufferedImage image = renderer.newFrame();
            for (int f = 0; f <= 30; f++) {
                renderer.render(f, image);
            }
            assertArrayEquals(direct, bytes(image));
            renderer.render(3, image);
            renderer.render(30, image);
            assertArrayEquals(direct, bytes(image));
        }
    }

    @Test
    void everyActionDrawsAFigureOfTheStagedHeightThatMoves() {
        for (Action action : Action.values()) {
            ClipParameters random = ClipParameters.random(action, 5);
            ClipParameters clip = still(random);
            byte[][] frames = new byte[25][];
            for (int f = 0; f < frames.length; f++) {
                frames[f] = frame(clip, f);
            }
            byte[] background = frame(backdropOnly(clip), 0);
            // Without shake and noise, whatever differs from the empty scene is the figure.
            int[] box = changedBox(frames[0], background);
            assertTrue(box != null, action + ": no figure pixels");
            double expected = clip.staging().figureHeight() * H;
            double height = box[3] - box[1] + 1;
            assertTrue(height > 0.75 * expected && height < 1.45 * expected,
                    action + ": figure " + height + " px high, staged " + expected);
            assertTrue(meanAbsoluteDifference(frames[0], frames[6]) > 0.2, action + ": figure does not move");
        }
    }

    @Test
    void walkersTravelAndTurnAtTheFrameEdges() {
        ClipParameters clip = still(ClipParameters.random(Action.RUNNING, 11));
        double[] x = new double[100];
        byte[][] frames = new byte[x.length][];
        for (int f = 0; f < x.length; f++) {
            frames[f] = frame(clip, f);
        }
        byte[] background = medianOf(frames);
        for (int f = 0; f < x.length; f++) {
            int[] box = changedBox(frames[f], background);
            x[f] = (box[0] + box[2]) / 2.0;
        }
        double min = Arrays.stream(x).min().orElseThrow();
        double max = Arrays.stream(x).max().orElseThrow();
        assertTrue(max - min > W / 2.0, "runner covers only " + min + ".." + max);
        assertTrue(min >= -5 && max <= W + 5, "runner leaves the frame: " + min + ".." + max);
    }

    @Test
    void shakeAndNoiseChangeEveryFrameOfAStillScene() {
        ClipParameters clip = ClipParameters.random(Action.BOXING, 3);
        ClipParameters noisy = new ClipParameters(clip.action(), clip.seed(), clip.physique(), clip.motion(),
                withNoise(clip.staging(), 4.0));
        byte[] a = frame(noisy, 0);
        byte[] b = frame(noisy, 1);
        long differing = 0;
        for (int i = 0; i < a.length; i++) {
            differing += a[i] != b[i] ? 1 : 0;
        }
        assertTrue(differing > a.length / 2, "sensor noise touched only " + differing + " samples");
    }

    @Test
    void rejectsTargetsOfTheWrongTypeOrSize() {
        try (ClipRenderer renderer = new ClipRenderer(ClipParameters.random(Action.WALKING, 1), W, H, 25)) {
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> renderer.render(0, new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB)));
            assertTrue(type.getMessage().contains("TYPE_3BYTE_BGR"), type.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> renderer.render(0, new BufferedImage(W + 2, H, BufferedImage.TYPE_3BYTE_BGR)));
            assertTrue(size.getMessage().contains("162x120"), size.getMessage());
            assertThrows(IllegalArgumentException.class, () -> renderer.render(-1, renderer.newFrame()));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new ClipRenderer(ClipParameters.random(Action.WALKING, 1), W, H, 0));
    }

    @Test
    void actionsAreKthsSixInAlphabeticalOrder() {
        assertEquals(java.util.List.of("boxing", "handclapping", "handwaving", "jogging", "running", "walking"),
                Action.labels());
        assertEquals(Action.JOGGING, Action.ofId(" Jogging "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Action.ofId("dancing"));
        assertTrue(e.getMessage().contains("handwaving"), e.getMessage());
        assertFalse(Action.BOXING.isLocomotion());
    }

    /** The same clip filmed with a steady camera and a noiseless sensor. */
    static ClipParameters still(ClipParameters clip) {
        Staging s = clip.staging();
        Staging steady = new Staging(s.figureHeight(), s.groundLine(), s.startX(), s.facing(), 0, 0,
                s.backdropSeed(), s.noiseSeed(), s.shakeSeed());
        return new ClipParameters(clip.action(), clip.seed(), clip.physique(), clip.motion(), steady);
    }

    /** The scene of {@code clip} with its actor far outside the frame. */
    static ClipParameters backdropOnly(ClipParameters clip) {
        Staging s = clip.staging();
        Staging empty = new Staging(s.figureHeight(), s.groundLine(), -10, s.facing(), 0, 0, s.backdropSeed(),
                s.noiseSeed(), s.shakeSeed());
        ClipParameters boxer = ClipParameters.random(Action.BOXING, clip.seed());
        return new ClipParameters(Action.BOXING, clip.seed(), clip.physique(), boxer.motion(), empty);
    }

    private static Staging withNoise(Staging s, double sigma) {
        return new Staging(s.figureHeight(), s.groundLine(), s.startX(), s.facing(), 0, sigma, s.backdropSeed(),
                s.noiseSeed(), s.shakeSeed());
    }

    static byte[] frame(ClipParameters clip, int index) {
        try (ClipRenderer renderer = new ClipRenderer(clip, W, H, 25)) {
            BufferedImage image = renderer.newFrame();
            renderer.render(index, image);
            return bytes(image).clone();
        }
    }

    static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    static double meanAbsoluteDifference(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }

    private static byte[] medianOf(byte[][] frames) {
        byte[] out = new byte[frames[0].length];
        int[] column = new int[frames.length];
        for (int i = 0; i < out.length; i++) {
            for (int f = 0; f < frames.length; f++) {
                column[f] = frames[f][i] & 0xFF;
            }
            Arrays.sort(column);
            out[i] = (byte) column[frames.length / 2];
        }
        return out;
    }

    /** {minX, minY, maxX, maxY} of pixels differing by more than 30 in some channel, or null. */
    private static int[] changedBox(byte[] frame, byte[] background) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = (y * W + x) * 3;
                for (int c = 0; c < 3; c++) {
                    if (Math.abs((frame[p + c] & 0xFF) - (background[p + c] & 0xFF)) > 30) {
                        minX = Math.min(minX, x);
                        minY = Math.min(minY, y);
                        maxX = Math.max(maxX, x);
                        maxY = Math.max(maxY, y);
                        break;
                    }
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }
}
