package dev.actionstream.synth;

import dev.actionstream.synth.figure.Motion;
import dev.actionstream.synth.figure.Physique;
import dev.actionstream.synth.figure.Pose;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The actions no shipped model has seen: jumping jacks and squats. */
class ActionsBeyondKthTest {

    private static final List<Action> BEYOND_KTH = List.of(Action.JUMPINGJACKS, Action.SQUATS);
    private static final int SEEDS = 50;
    private static final int STEPS = 100;

    @Test
    void newActionsFollowKthsSixWhoseOrderAndLabelsAreUnchanged() {
        assertEquals(List.of("boxing", "handclapping", "handwaving", "jogging", "running", "walking"),
                Action.all().stream().map(Action::id).toList());
        assertEquals(Action.labels(), Action.all().stream().map(Action::id).toList());
        for (Action kth : Action.all()) {
            assertEquals(Action.labels().indexOf(kth.id()), kth.ordinal(), kth + " moved: its clips would change");
            assertTrue(kth.isKth());
        }
        assertEquals(List.of("jumpingjacks", "squats"), BEYOND_KTH.stream().map(Action::id).toList());
        for (Action extra : BEYOND_KTH) {
            assertFalse(extra.isKth());
            assertFalse(extra.isLocomotion());
            assertEquals(extra, Action.ofId(extra.id().toUpperCase()));
            assertEquals(0, ClipParameters.random(extra, 1).motion().speed(), extra + " travels");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Action.ofId("dancing"));
        assertTrue(e.getMessage().contains("jumpingjacks") && e.getMessage().contains("squats"), e.getMessage());
    }

    @Test
    void actionListsParseInDeclarationOrderAndRejectMistakes() {
        assertEquals(List.of(Action.WALKING, Action.SQUATS), Action.parseList("squats, Walking"));
        assertEquals(Action.all(), Action.parseList("walking,running,jogging,handwaving,handclapping,boxing"));
        assertEquals("walking,squats", Action.ids(Action.parseList("squats,walking")));
        for (String bad : new String[] {"", "walking,", ",squats", "walking,,squats", "walking,dancing"}) {
            assertThrows(IllegalArgumentException.class, () -> Action.parseList(bad), bad);
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Action.parseList("squats,walking,squats"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Action.selection(List.of()));
        // Among KTH's six, another action is drawn exactly as before; alone, an action has no other.
        java.util.SplittableRandom a = new java.util.SplittableRandom(3);
        java.util.SplittableRandom b = new java.util.SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            Action from = Action.all().get(i % 6);
            assertEquals(from.anyOther(a), from.anyOther(Action.all(), b));
        }
        assertEquals(Action.SQUATS, Action.SQUATS.anyOther(List.of(Action.SQUATS), a));
        assertEquals(Action.WALKING, Action.SQUATS.anyOther(List.of(Action.WALKING, Action.SQUATS), a));
    }

    @Test
    void newActionsArePeriodicAndOnTheSpotWhileTheirLimbsMoveALot() {
        for (Action action : BEYOND_KTH) {
            for (long seed = 0; seed < SEEDS; seed++) {
                ClipParameters clip = ClipParameters.random(action, seed);
                Motion motion = clip.motion();
                Physique body = clip.physique();
                double period = 1 / motion.cadenceHz();
                String what = action + " seed " + seed;
                Pose pose = new Pose();
                Pose later = new Pose();
                Range centre = new Range();
                Range feet = new Range();
                Range[] jointX = new Range[Pose.JOINTS];
                Range[] jointY = new Range[Pose.JOINTS];
                for (int j = 0; j < Pose.JOINTS; j++) {
                    jointX[j] = new Range();
                    jointY[j] = new Range();
                }
                for (int i = 0; i < STEPS; i++) {
                    double t = 0.37 + i * period / STEPS;
                    motion.pose(t, body, pose);
                    motion.pose(t + period, body, later);
                    for (int j = 0; j < Pose.JOINTS; j++) {
                        assertEquals(pose.x(j), later.x(j), 1e-9, what + ": joint " + j + " not periodic");
                        assertEquals(pose.y(j), later.y(j), 1e-9, what + ": joint " + j + " not periodic");
                    }
                    centre.add(meanX(pose));
                    feet.add((pose.x(Pose.ankle(0)) + pose.x(Pose.ankle(1))) / 2);
                    for (int j = 0; j < Pose.JOINTS; j++) {
                        jointX[j].add(pose.x(j));
                        jointY[j].add(pose.y(j));
                    }
                }
                // Body heights: the feet stay where they are, the body's centre (the mean joint) moves little
                // sideways, the joints a lot: the hands (jumping jacks), the hips and head (squats).
                assertTrue(feet.span() < 0.02, what + ": feet travel " + feet.span());
                assertTrue(centre.span() < 0.1, what + ": centre travels " + centre.span());
                double widest = 0;
                for (int j = 0; j < Pose.JOINTS; j++) {
                    widest = Math.max(widest, Math.hypot(jointX[j].span(), jointY[j].span()));
                }
                assertTrue(widest > 0.2 && widest > 2.5 * centre.span(),
                        what + ": joints move at most " + widest + ", centre " + centre.span());
            }
        }
    }

    @Test
    void newActionsDoWhatNoKthActionDoes() {
        // Squats: the hips drop by a fifth of the body or more; no KTH action lowers them by a tenth.
        // Jumping jacks: seen from the front, the feet spread and close; KTH's frontal actions stand still.
        for (Action action : Action.values()) {
            for (long seed = 0; seed < SEEDS; seed++) {
                ClipParameters clip = ClipParameters.random(action, seed);
                Pose pose = new Pose();
                Range hips = new Range();
                Range stance = new Range();
                Range hands = new Range();
                boolean frontal = false;
                for (int i = 0; i < STEPS; i++) {
                    clip.motion().pose(i / (STEPS * clip.motion().cadenceHz()), clip.physique(), pose);
                    frontal = pose.frontal();
                    hips.add(pose.y(Pose.PELVIS));
                    stance.add(pose.x(Pose.ankle(1)) - pose.x(Pose.ankle(0)));
                    hands.add(pose.y(Pose.hand(0)) - pose.y(Pose.shoulder(0)));
                }
                String what = action + " seed " + seed;
                assertEquals(action == Action.SQUATS, hips.span() > 0.15, what + ": hips move " + hips.span());
                assertEquals(action == Action.JUMPINGJACKS, frontal && stance.span() > 0.1,
                        what + ": frontal " + frontal + ", feet spread varies " + stance.span());
                if (action == Action.JUMPINGJACKS) {
                    assertTrue(hands.min() < -0.2 && hands.max() > 0.25,
                            what + ": hands from " + hands.min() + " to " + hands.max() + " of the shoulder");
                }
            }
        }
    }

    @Test
    void newActionsStayInPlaceOnScreenAndAreDeterministicForASeed() {
        for (Action action : BEYOND_KTH) {
            ClipParameters clip = ClipRendererTest.still(ClipParameters.random(action, 8));
            Range centroid = new Range();
            byte[] previous = null;
            double motion = 0;
            try (ClipRenderer renderer = new ClipRenderer(clip, 160, 120, 25)) {
                BufferedImage frame = renderer.newFrame();
                byte[] background = ClipRendererTest.frame(ClipRendererTest.backdropOnly(clip), 0);
                for (int f = 0; f < 50; f++) {
                    renderer.render(f, frame);
                    byte[] pixels = ClipRendererTest.bytes(frame).clone();
                    centroid.add(figureCentroidX(pixels, background));
                    if (previous != null) {
                        motion += ClipRendererTest.meanAbsoluteDifference(previous, pixels);
                    }
                    previous = pixels;
                }
            }
            double figurePx = clip.staging().figureHeight() * 120;
            assertTrue(centroid.span() < 0.12 * figurePx, action + ": figure drifts " + centroid.span() + " px");
            assertTrue(motion / 49 > 0.1, action + ": figure hardly moves, " + motion / 49);
            assertArrayEquals(ClipRendererTest.frame(ClipParameters.random(action, 42), 17),
                    ClipRendererTest.frame(ClipParameters.random(action, 42), 17), action + ": same seed, new pixels");
            assertEquals(ClipParameters.random(action, 42), ClipParameters.random(action, 42));
            byte[] one = ClipRendererTest.frame(ClipParameters.random(action, 1), 0);
            byte[] two = ClipRendererTest.frame(ClipParameters.random(action, 2), 0);
            assertTrue(ClipRendererTest.meanAbsoluteDifference(one, two) > 10, action + ": seeds look alike");
        }
    }

    private static double meanX(Pose pose) {
        double sum = 0;
        for (int j = 0; j < Pose.JOINTS; j++) {
            sum += pose.x(j);
        }
        return sum / Pose.JOINTS;
    }

    /** Mean x of the pixels that differ from the empty scene: the figure's. */
    private static double figureCentroidX(byte[] frame, byte[] background) {
        double sum = 0;
        int count = 0;
        for (int p = 0; p < frame.length; p += 3) {
            int d = 0;
            for (int c = 0; c < 3; c++) {
                d = Math.max(d, Math.abs((frame[p + c] & 0xFF) - (background[p + c] & 0xFF)));
            }
            if (d > 30) {
                sum += (p / 3) % 160;
                count++;
            }
        }
        assertTrue(count > 0, "no figure pixels");
        return sum / count;
    }

    private static final class Range {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        double min() {
            return min;
        }

        double max() {
            return max;
        }

        double span() {
            return max - min;
        }
    }
}
