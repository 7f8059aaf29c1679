package dev.actionstream.synth;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticLiveSourceTest {

    /** 64x48 at 25 fps, actions lasting 0.4 to 0.8 s: 10 to 20 frames. */
    private static final SyntheticLiveSource.Settings FAST = new SyntheticLiveSource.Settings(64, 48, 25, 9, 0.4, 0.8);

    @Test
    void switchesActionsWithinTheSegmentRangeAndLabelsEveryFrameTruly() {
        List<Action> labels = new ArrayList<>();
        try (SyntheticLiveSource source = new SyntheticLiveSource(FAST)) {
            BufferedImage frame = source.newFrame();
            BufferedImage check = source.newFrame();
            for (int i = 0; i < 400; i++) {
                assertEquals(i, source.frameIndex());
                Action label = source.nextFrame(frame);
                labels.add(label);
                assertEquals(label, source.currentAction());
                assertEquals(label, source.currentClip().action());
                // The label is the truth: an independent renderer of the segment's clip draws the same pixels.
                if (i % 7 == 0) {
                    try (ClipRenderer renderer = new ClipRenderer(source.currentClip(), 64, 48, 25)) {
                        renderer.render(i - source.segmentStart(), check);
                    }
                    assertArrayEquals(ClipRendererTest.bytes(check), ClipRendererTest.bytes(frame), "frame " + i);
                }
            }
        }
        List<Integer> runs = new ArrayList<>();
        Set<Action> seen = EnumSet.noneOf(Action.class);
        int run = 1;
        for (int i = 1; i < labels.size(); i++) {
            seen.add(labels.get(i));
            if (labels.get(i) == labels.get(i - 1)) {
                run++;
            } else {
                runs.add(run);
                run = 1;
            }
        }
        assertTrue(runs.size() >= 19, "only " + runs.size() + " switches in 400 frames");
        for (int length : runs.subList(1, runs.size())) {
            assertTrue(length >= 10 && length <= 20, "segment of " + length + " frames, expected 10..20: " + runs);
        }
        assertEquals(6, seen.size(), "actions shown: " + seen);
    }

    @Test
    void sameSeedGivesTheSameStream() {
        try (SyntheticLiveSource a = new SyntheticLiveSource(FAST);
             SyntheticLiveSource b = new SyntheticLiveSource(FAST);
             SyntheticLiveSource other = new SyntheticLiveSource(FAST.withSeed(10))) {
            BufferedImage fa = a.newFrame();
            BufferedImage fb = b.newFrame();
            BufferedImage fo = other.newFrame();
            boolean differs = false;
            for (int i = 0; i < 60; i++) {
                assertEquals(a.nextFrame(fa), b.nextFrame(fb));
                assertArrayEquals(ClipRendererTest.bytes(fa), ClipRendererTest.bytes(fb), "frame " + i);
                other.nextFrame(fo);
                differs |= ClipRendererTest.meanAbsoluteDifference(ClipRendererTest.bytes(fa), ClipRendererTest.bytes(fo)) > 5;
            }
            assertTrue(differs, "another seed renders the same stream");
        }
    }

    @Test
    void parsesSyntheticSourceStrings() {
        SyntheticLiveSource.Settings plain = SyntheticLiveSource.Settings.parse("synthetic");
        assertEquals(160, plain.width());
        assertEquals(120, plain.height());
        assertEquals(25.0, plain.fps());
        SyntheticLiveSource.Settings sized = SyntheticLiveSource.Settings.parse("synthetic:320x240");
        assertEquals(320, sized.width());
        assertEquals(240, sized.height());
        assertEquals(25.0, sized.fps());
        assertEquals(12.5, SyntheticLiveSource.Settings.parse("synthetic:64x48@12.5").fps());
        assertEquals(1, plain.seed());
        assertEquals(2, SyntheticLiveSource.Settings.parse("synthetic?seed=2").seed());
        SyntheticLiveSource.Settings all = SyntheticLiveSource.Settings.parse("synthetic:64x48@30?seed=7");
        assertEquals(List.of(64, 48, 30.0, 7L), List.of(all.width(), all.height(), all.fps(), all.seed()));
        assertTrue(SyntheticLiveSource.Settings.isSynthetic("synthetic?seed=3"));
        assertTrue(SyntheticLiveSource.Settings.isSynthetic("synthetic:64x48"));
        assertTrue(!SyntheticLiveSource.Settings.isSynthetic("/dev/video0"));
        for (String bad : new String[] {"synthetic:", "synthetic:64", "synthetic:64x48@", "synthetic:8x8",
                "synthetic:64x48@0", "synth", "synthetic:99999999999x2", "synthetic?seed=", "synthetic?seed=-1",
                "synthetic:64x48?seed=x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SyntheticLiveSource.Settings.parse(bad), bad);
            assertTrue(e.getMessage().contains("synthetic"), bad + ": " + e.getMessage());
        }
    }

    @Test
    void showsOnlyTheSelectedActionsWithTrueLabels() {
        SyntheticLiveSource.Settings chosen = SyntheticLiveSource.Settings
                .parse("synthetic:64x48@25?actions=walking,squats")
                .withSegmentSeconds(0.4, 0.8);
        Set<Action> seen = EnumSet.noneOf(Action.class);
        int switches = 0;
        try (SyntheticLiveSource source = new SyntheticLiveSource(chosen)) {
            BufferedImage frame = source.newFrame();
            BufferedImage check = source.newFrame();
            Action last = null;
            for (int i = 0; i < 300; i++) {
                Action label = source.nextFrame(frame);
                seen.add(label);
                switches += last != null && label != last ? 1 : 0;
                last = label;
                if (i % 11 == 0) {
                    try (ClipRenderer renderer = new ClipRenderer(source.currentClip(), 64, 48, 25)) {
                        renderer.render(i - source.segmentStart(), check);
                    }
                    assertArrayEquals(ClipRendererTest.bytes(check), ClipRendererTest.bytes(frame), "frame " + i);
                }
            }
        }
        assertEquals(EnumSet.of(Action.WALKING, Action.SQUATS), seen);
        // With two actions every new segment is the other one.
        assertTrue(switches >= 14, switches + " switches in 300 frames");

        try (SyntheticLiveSource alone = new SyntheticLiveSource(FAST.withActions(List.of(Action.JUMPINGJACKS)))) {
            BufferedImage frame = alone.newFrame();
            long segments = 0;
            for (int i = 0; i < 100; i++) {
                assertEquals(Action.JUMPINGJACKS, alone.nextFrame(frame));
                segments += alone.segmentStart() == i ? 1 : 0;
            }
            assertTrue(segments >= 5, "one action: still new actors and scenes, got " + segments + " segments");
        }
    }

    @Test
    void showsKthsSixUnlessToldOtherwise() {
        assertEquals(Action.all(), SyntheticLiveSource.Settings.defaults().actions());
        assertEquals(Action.all(), SyntheticLiveSource.Settings.parse("synthetic:64x48?seed=4").actions());
        assertEquals(Action.all(), FAST.actions());
        assertEquals(FAST, FAST.withActions(Action.all()));
        // Naming KTH's six gives the default stream, whatever the order they are named in.
        assertEquals(SyntheticLiveSource.Settings.parse("synthetic?seed=4"), SyntheticLiveSource.Settings.parse(
                "synthetic?actions=walking,running,jogging,handwaving,handclapping,boxing&seed=4"));
    }

    @Test
    void parsesActionsAndSeedInAnyOrderAndRejectsBadParameters() {
        SyntheticLiveSource.Settings both = SyntheticLiveSource.Settings
                .parse("synthetic:64x48@30?seed=7&actions=squats,jumpingjacks");
        assertEquals(List.of(Action.JUMPINGJACKS, Action.SQUATS), both.actions());
        assertEquals(7, both.seed());
        assertEquals(both, SyntheticLiveSource.Settings.parse("synthetic:64x48@30?actions=jumpingjacks,squats&seed=7"));
        assertEquals(List.of(Action.BOXING), SyntheticLiveSource.Settings.parse("synthetic?actions=Boxing").actions());
        assertEquals(List.of(Action.WALKING, Action.SQUATS), FAST.withActions(List.of(Action.SQUATS, Action.WALKING,
                Action.SQUATS)).actions());
        assertThrows(IllegalArgumentException.class, () -> FAST.withActions(List.of()));
        for (String bad : new String[] {"synthetic?actions=", "synthetic?actions=dancing",
                "synthetic?actions=walking,,squats", "synthetic?actions=walking,walking", "synthetic?seed=1&seed=2",
                "synthetic?colour=red", "synthetic?",
                "synthetic?seed=1&", "synthetic?actions=walking?seed=1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SyntheticLiveSource.Settings.parse(bad), bad);
            assertTrue(e.getMessage().contains("synthetic"), bad + ": " + e.getMessage());
        }
    }

    @Test
    void rejectsSegmentRangesThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> FAST.withSegmentSeconds(0, 1));
        assertThrows(IllegalArgumentException.class, () -> FAST.withSegmentSeconds(2, 1));
        assertNotEquals(FAST, FAST.withSegmentSeconds(1, 2));
    }
}
