package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.TestEvents;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
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
        LabelEvent unsure = new LabelEvent("cam1", 8, sure.frameIndex(), sure.captureTimestampMs(),
                sure.windowStartFrame(), sure.windowEndFrame(), LabelEvent.UNCERTAIN, 0.3, true, "change",
                List.of(new LabelEvent.LabelScore("waving", 0.3)), "m", "2", "CPU", 10);
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
    void fitsTinyFrames() {
        BufferedImage image = white(32, 24);
        Graphics2D g = image.createGraphics();
        new OverlayPainter().paint(g, 32, 24, "a-very-long-stream-name", TestEvents.event("x", 1, 5), 25, 1);
        g.dispose();
        assertTrue(new Color(image.getRGB(5, 5)).getRed() < 200);
    }
}
