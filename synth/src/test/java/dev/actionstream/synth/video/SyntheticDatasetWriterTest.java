package dev.actionstream.synth.video;

import dev.actionstream.synth.Action;
import dev.actionstream.synth.ClipRenderer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDatasetWriterTest {

    private static final int W = 48;
    private static final int H = 36;
    private static final int FRAMES = 12;

    private static SyntheticDatasetWriter writer(int videosPerClass, SyntheticDatasetWriter.LeadIn leadIn) {
        return new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(Path.of("unused"), videosPerClass, 11,
                W, H, FRAMES, 25, leadIn));
    }

    @Test
    void selectedActionsLeadInFromEachOtherAndKeepTheirClips() {
        SyntheticDatasetWriter.Settings settings = new SyntheticDatasetWriter.Settings(Path.of("unused"), 4, 11, W, H,
                FRAMES, 25, new SyntheticDatasetWriter.LeadIn(1, 5));
        assertEquals(Action.all(), settings.actions());
        SyntheticDatasetWriter kth = new SyntheticDatasetWriter(settings);
        SyntheticDatasetWriter chosen = new SyntheticDatasetWriter(
                settings.withActions(List.of(Action.SQUATS, Action.WALKING)));
        assertEquals(List.of(Action.WALKING, Action.SQUATS), chosen.settings().actions());
        for (int i = 0; i < 4; i++) {
            assertEquals(Action.SQUATS, chosen.opening(Action.WALKING, i).previous().action());
            assertEquals(Action.WALKING, chosen.opening(Action.SQUATS, i).previous().action());
            assertEquals(kth.clip(Action.WALKING, i), chosen.clip(Action.WALKING, i));
        }
        assertEquals(Path.of("unused", "squats", "squats_003.mp4"), chosen.videoPath(Action.SQUATS, 3));
        assertThrows(IllegalArgumentException.class, () -> settings.withActions(List.of()));
    }

    @Test
    void leadInClipOpensWithAnotherActionThenShowsItsOwnClipShifted() throws IOException {
        SyntheticDatasetWriter writer = writer(4, new SyntheticDatasetWriter.LeadIn(1, 5));
        for (Action action : Action.all()) {
            for (int i = 0; i < 4; i++) {
                SyntheticDatasetWriter.Opening opening = writer.opening(action, i);
                assertTrue(opening.frames() >= 1 && opening.frames() <= 5, "lead-in frames " + opening.frames());
                assertNotEquals(action, opening.previous().action(), "the cut must change the action");
                List<byte[]> frames = rendered(writer, action, i);
                assertEquals(FRAMES, frames.size());
                try (ClipRenderer previous = new ClipRenderer(opening.previous(), W, H, 25);
                     ClipRenderer own = new ClipRenderer(writer.clip(action, i), W, H, 25)) {
                    BufferedImage expected = own.newFrame();
                    for (int f = 0; f < FRAMES; f++) {
                        if (f < opening.frames()) {
                            previous.render(opening.previousStart() + f, expected);
                        } else {
                            own.render(f - opening.frames(), expected);
                        }
                        assertArrayEquals(pixels(expected), frames.get(f), action + " clip " + i + " frame " + f);
                    }
                }
            }
        }
    }

    @Test
    void shareOfClipsWithALeadInFollowsTheFraction() {
        SyntheticDatasetWriter writer = writer(300, new SyntheticDatasetWriter.LeadIn(0.3, 6));
        int withLeadIn = 0;
        boolean[] lengthsSeen = new boolean[7];
        for (Action action : Action.all()) {
            for (int i = 0; i < 300; i++) {
                int frames = writer.opening(action, i).frames();
                assertTrue(frames >= 0 && frames <= 6, "lead-in frames " + frames);
                withLeadIn += frames > 0 ? 1 : 0;
                lengthsSeen[frames] = true;
            }
        }
        double share = withLeadIn / 1800.0;
        assertTrue(share > 0.26 && share < 0.34, "share with a lead-in " + share);
        for (int n = 0; n <= 6; n++) {
            assertTrue(lengthsSeen[n], "no clip opens with " + n + " frames of another action");
        }
    }

    @Test
    void withoutLeadInEveryClipIsItsOwnFromTheFirstFrameAndUnchangedByTheOption() throws IOException {
        SyntheticDatasetWriter plain = writer(3, SyntheticDatasetWriter.LeadIn.NONE);
        SyntheticDatasetWriter mixed = writer(3, new SyntheticDatasetWriter.LeadIn(0.5, 4));
        int unchanged = 0;
        for (Action action : Action.all()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(0, plain.opening(action, i).frames());
                assertEquals(plain.clip(action, i), mixed.clip(action, i), "the clip itself must not depend on lead-ins");
                if (mixed.opening(action, i).frames() == 0) {
                    assertArrayEquals(rendered(plain, action, i).toArray(), rendered(mixed, action, i).toArray());
                    unchanged++;
                }
            }
        }
        assertTrue(unchanged > 0 && unchanged < 18, "some clips with and some without a lead-in: " + unchanged);
    }

    @Test
    void rejectsImpossibleLeadIns() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetWriter.LeadIn(1.5, 3));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetWriter.LeadIn(-0.1, 3));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetWriter.LeadIn(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetWriter.Settings(Path.of("x"), 1, 1,
                W, H, 1, 25, new SyntheticDatasetWriter.LeadIn(0.5, 1)));
        assertFalse(new SyntheticDatasetWriter.LeadIn(0, 0).fraction() > 0);
    }

    private static List<byte[]> rendered(SyntheticDatasetWriter writer, Action action, int index) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        BufferedImage frame = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        writer.render(action, index, frame, image -> frames.add(pixels(image).clone()));
        return frames;
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
