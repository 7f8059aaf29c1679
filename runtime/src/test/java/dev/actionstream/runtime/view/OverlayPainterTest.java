package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.WindowSpan;
import dev.actionstream.runtime.events.ModelRef;
import dev.actionstream.runtime.events.TestEvents;
import dev.actionstream.runtime.status.StreamState;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OverlayPainterTest {

    private static BufferedImage white(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    private static int countNear(BufferedImage image, Color c, int tolerance) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color p = new Color(image.getRGB(x, y));
                if (Math.abs(p.getRed() - c.getRed()) <= tolerance && Math.abs(p.getGreen() - c.getGreen()) <= tolerance
                        && Math.abs(p.getBlue() - c.getBlue()) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    private static BufferedImage painted(LabelEvent event) {
        BufferedImage image = white(640, 480);
        Graphics2D g = image.createGraphics();
        new OverlayPainter().paint(g, 640, 480, "cam1", event, 25, 1234);
        g.dispose();
        return image;
    }

    @Test
    void drawsALabelPanelAndAStatusStrip() {
        BufferedImage image = painted(TestEvents.event("cam1", 7));
        assertTrue(new Color(image.getRGB(20, 20)).getRed() < 160, "the label panel darkens the top left");
        assertTrue(new Color(image.getRGB(320, 475)).getRed() < 160, "the status strip darkens the bottom");
        assertTrue(new Color(image.getRGB(600, 200)).getRed() == 255, "the middle of the picture stays untouched");
        assertTrue(countNear(image, OverlayPainter.SURE, 12) > 200, "label text and top bar in green");
    }

    @Test
    void drawsAnUncertainLabelInAmber() {
        LabelEvent sure = TestEvents.event("cam1", 7);
        LabelEvent unsure = new LabelEvent("cam1", 8, sure.window(), LabelEvent.UNCERTAIN, 0.3, true,
                LabelEvent.Reason.CHANGE, List.of(new LabelEvent.LabelScore("waving", 0.3)), new ModelRef("m", "2", "CPU"),
                10);
        BufferedImage image = painted(unsure);
        assertTrue(countNear(image, OverlayPainter.UNSURE, 12) > 100);
        assertTrue(countNear(image, OverlayPainter.SURE, 12) == 0, "nothing claims certainty");
    }

    @Test
    void drawsAWaitingHintBeforeTheFirstLabel() {
        BufferedImage image = painted(null);
        assertTrue(new Color(image.getRGB(20, 20)).getRed() < 160);
        assertTrue(countNear(image, OverlayPainter.SURE, 12) == 0);
    }

    @Test
    void leavesOutWhatDoesNotFitFramesBelowTheSupportedSizes() {
        List<Drawn> drawn = drawn(32, 24, "a-very-long-stream-name", TestEvents.event("x", 1, 5), 25, "running", null);
        Rectangle frame = new Rectangle(0, 0, 32, 24);
        assertTrue(drawn.stream().allMatch(d -> frame.contains(d.bounds())), drawn.toString());
    }

    /** One drawn string and its bounds. */
    record Drawn(OverlayText.Role role, String text, Rectangle bounds) {
    }

    /** Paints and returns every string drawn, with where. */
    static List<Drawn> drawn(int w, int h, String stream, LabelEvent event, double fps, String state, String reason) {
        BufferedImage image = white(w, h);
        Graphics2D g = image.createGraphics();
        List<Drawn> out = new ArrayList<>();
        OverlayPainter painter = new OverlayPainter();
        painter.observe((role, chars, offset, length, x, top, width, height) ->
                out.add(new Drawn(role, new String(chars, offset, length), new Rectangle(x, top, width, height))));
        painter.paint(g, w, h, stream, event, fps, 1234, state == null ? null : StreamState.of(state), reason);
        g.dispose();
        return out;
    }

    static String text(List<Drawn> drawn, OverlayText.Role role) {
        return drawn.stream().filter(d -> d.role() == role).map(Drawn::text).collect(Collectors.joining(" "));
    }

    /** The longest things the overlay says: KTH's longest label, a long stream name, a long reason and version. */
    private static LabelEvent longest(boolean uncertain) {
        List<LabelEvent.LabelScore> topK = List.of(new LabelEvent.LabelScore("handclapping", 0.937),
                new LabelEvent.LabelScore("handwaving", 0.04), new LabelEvent.LabelScore("running", 0.023));
        return new LabelEvent("entrance-camera-north", 123456, new WindowSpan(9_999_984, 9_999_999, 1_780_000_000_000L),
                uncertain ? LabelEvent.UNCERTAIN : "handclapping", 0.937, uncertain, LabelEvent.Reason.CHANGE, topK,
                new ModelRef("lrcn-synthetic-live", "2026.12.03-rc1", "CUDA"), 1234.5);
    }

    @Test
    void everyStringFitsTheFrameAtEverySupportedSize() {
        String reason = "cannot open file:/srv/videos/recordings/2026-12-03/entrance-camera-north.txt: "
                + "avformat_open_input() error -1094995529: Invalid data found when processing input "
                + "(attempt 12, next in 30 s)";
        int[][] sizes = {{160, 120}, {320, 240}, {640, 480}, {1920, 1080}};
        for (int[] size : sizes) {
            for (String state : new String[] {"running", "reconnecting", "failed", "ended"}) {
                for (boolean uncertain : new boolean[] {false, true}) {
                    List<Drawn> drawn = drawn(size[0], size[1], "entrance-camera-north", longest(uncertain), 24.97,
                            state, "running".equals(state) ? null : reason);
                    String where = size[0] + "x" + size[1] + " " + state;
                    Rectangle frame = new Rectangle(0, 0, size[0], size[1]);
                    for (Drawn d : drawn) {
                        assertTrue(frame.contains(d.bounds()), where + ": '" + d.text() + "' at " + d.bounds());
                    }
                    String headline = text(drawn, OverlayText.Role.HEADLINE);
                    assertEquals(uncertain ? "UNCERTAIN" : "HANDCLAPPING", headline, where + ": the whole label");
                    if (!"running".equals(state)) {
                        assertEquals(state.toUpperCase(), text(drawn, OverlayText.Role.STATE), where);
                        assertFalse(text(drawn, OverlayText.Role.REASON).isEmpty(), where + ": says why");
                    }
                    assertTrue(text(drawn, OverlayText.Role.STRIP).startsWith("entrance-camera-north · 25.0 fps"),
                            where + ": " + text(drawn, OverlayText.Role.STRIP));
                }
            }
        }
    }

    @Test
    void showsTheWholeLabelAndVersionAtTheSizesThatCutThemBefore() {
        List<Drawn> drawn = drawn(320, 240, "cam1", longest(false), 25, "running", null);
        assertEquals(List.of("handclapping", "94%", "handwaving", "4%", "running", "2%"),
                drawn.stream().filter(d -> d.role() == OverlayText.Role.TOP_K).map(Drawn::text).toList());
        assertEquals("93.7 % confident", text(drawn, OverlayText.Role.DETAIL));
        List<Drawn> wide = drawn(640, 480, "cam1", longest(false), 25, "running", null);
        assertTrue(text(wide, OverlayText.Role.STRIP).contains("lrcn-synthetic-live v2026.12.03-rc1 on CUDA"),
                text(wide, OverlayText.Role.STRIP));
    }

    @Test
    void cutTextEndsWithAnEllipsisInsteadOfBreakingOffMidWord() {
        List<Drawn> drawn = drawn(160, 120, "entrance-camera-north", longest(false), 25, "running", null);
        String strip = text(drawn, OverlayText.Role.STRIP);
        assertTrue(strip.endsWith("…"), strip);
    }

    @Test
    void saysNoRateUntilOneIsMeasured() {
        assertTrue(text(drawn(640, 480, "cam1", null, 0, "running", null), OverlayText.Role.STRIP)
                .startsWith("cam1 · — fps"));
    }

    @Test
    void showsAFailedStreamsReasonInsteadOfWaitingForALabel() {
        List<Drawn> drawn = drawn(640, 480, "cam1", null, 0, "failed", "not a video file: x.txt");
        assertEquals("FAILED", text(drawn, OverlayText.Role.STATE));
        assertEquals("not a video file: x.txt", text(drawn, OverlayText.Role.REASON));
        assertEquals("", text(drawn, OverlayText.Role.HEADLINE), "no 'waiting for a label' on a failed stream");
    }

    @Test
    void keepsTheLastLabelOfAnEndedStreamWithoutClaimingItIsLive() {
        BufferedImage image = white(640, 480);
        Graphics2D g = image.createGraphics();
        new OverlayPainter().paint(g, 640, 480, "clip", TestEvents.event("clip", 9), 0, 99, StreamState.ENDED,
                "the file finished after 99 frames. Start serve with --loop to replay it.");
        g.dispose();
        assertEquals(0, countNear(image, OverlayPainter.SURE, 12), "nothing green: the stream is not live");
        List<Drawn> drawn = drawn(640, 480, "clip", TestEvents.event("clip", 9), 0, "ended",
                "the file finished after 99 frames. Start serve with --loop to replay it.");
        assertEquals("WAVING", text(drawn, OverlayText.Role.HEADLINE));
        assertTrue(text(drawn, OverlayText.Role.DETAIL).startsWith("last label"), text(drawn, OverlayText.Role.DETAIL));
        assertEquals("the file finished after 99 frames. Start serve with --loop to replay it.",
                text(drawn, OverlayText.Role.REASON));
    }
}
