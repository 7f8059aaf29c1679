package dev.actionstream.runtime.view;

import dev.actionstream.runtime.events.LabelEvent;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;

/**
 * Draws what the runtime currently thinks over a full-resolution frame, so any MJPEG viewer shows it:
 * <pre>
 * ┌──────────────────────┐
 * │ WAVING               │  label (amber when uncertain)
 * │ 87.3 % confident     │
 * │ waving   ████████ 87%│  top-k bars
 * │ walking  █        9% │
 * └──────────────────────┘
 *  cam1 · 24.9 fps · latency 12 ms · CPU · convlstm v3 · frame 1234     (bottom strip)
 * </pre>
 * Sizes follow the frame height, so a 160×120 stream and a 1080p one both stay readable. Text goes through one
 * reused builder and char array: no strings per frame. Not thread-safe (the {@code view-jpeg} thread owns it).
 */
final class OverlayPainter {

    static final Color PANEL = new Color(0, 0, 0, 150);
    static final Color SURE = new Color(0x4f, 0xd1, 0x8b);
    static final Color UNSURE = new Color(0xf0, 0xb4, 0x29);
    static final Color TEXT = new Color(0xe8, 0xea, 0xf0);
    static final Color MUTED = new Color(0xb0, 0xb6, 0xc6);
    static final Color TRACK = new Color(0x55, 0x55, 0x55, 200);

    private final StringBuilder text = new StringBuilder(128);
    private char[] chars = new char[128];
    private int fontUnit = -1;
    private Font big;
    private Font normal;
    private Font small;
    private Font strip;

    /**
     * @param label the latest label event of this stream, or {@code null} before the first one
     * @param fps   decode rate of the stream (not the view's capped rate)
     */
    void paint(Graphics2D g, int width, int height, String stream, LabelEvent label, double fps, long frameIndex) {
        int unit = Math.max(9, Math.min(24, height / 20));
        fonts(unit);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int margin = Math.max(3, unit / 2);
        paintLabelPanel(g, width, unit, margin, label);
        paintStatusStrip(g, width, height, unit, margin, stream, label, fps, frameIndex);
    }

    private void paintLabelPanel(Graphics2D g, int width, int unit, int margin, LabelEvent label) {
        List<LabelEvent.LabelScore> topK = label == null ? List.of() : label.topK();
        int rows = topK.size();
        int lineBig = (int) (unit * 1.6);
        int line = (int) (unit * 1.25);
        int panelW = Math.min(width - 2 * margin, unit * 13);
        int panelH = margin + lineBig + line + rows * line + margin;
        g.setColor(PANEL);
        g.fillRoundRect(margin, margin, panelW, panelH, unit / 2, unit / 2);
        int x = margin * 2;
        int y = margin + lineBig - lineBig / 5;
        g.setFont(big);
        text.setLength(0);
        if (label == null) {
            g.setColor(MUTED);
            text.append("waiting for a label");
        } else {
            g.setColor(label.uncertain() ? UNSURE : SURE);
            appendUpper(label.label());
        }
        draw(g, x, y, panelW - 2 * margin);
        y += line;
        g.setFont(normal);
        g.setColor(TEXT);
        text.setLength(0);
        if (label != null) {
            appendTenths(label.confidence() * 100).append(" % confident");
            if (label.uncertain()) {
                text.append(" (unsure)");
            }
        } else {
            text.append("scoring starts once a window is full");
        }
        draw(g, x, y, panelW - 2 * margin);
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        int nameW = (panelW - 2 * margin) * 2 / 5;
        int pctW = fm.charWidth('0') * 4 + fm.charWidth('%');
        int barX = x + nameW + margin / 2;
        int barW = Math.max(4, panelW - 2 * margin - nameW - pctW - margin);
        int barH = Math.max(3, unit / 2);
        for (LabelEvent.LabelScore s : topK) {
            y += line;
            g.setColor(TEXT);
            text.setLength(0);
            text.append(s.label());
            draw(g, x, y, nameW);
            int barTop = y - fm.getAscent() / 2 - barH / 2;
            g.setColor(TRACK);
            g.fillRect(barX, barTop, barW, barH);
            g.setColor(s.label().equals(label.label()) && !label.uncertain() ? SURE : MUTED);
            g.fillRect(barX, barTop, (int) Math.round(barW * clamp01(s.probability())), barH);
            g.setColor(TEXT);
            text.setLength(0);
            text.append(Math.round(clamp01(s.probability()) * 100)).append('%');
            draw(g, barX + barW + margin / 2, y, pctW + margin);
        }
    }

    private void paintStatusStrip(Graphics2D g, int width, int height, int unit, int margin, String stream,
                                  LabelEvent label, double fps, long frameIndex) {
        g.setFont(strip);
        FontMetrics fm = g.getFontMetrics();
        int stripH = fm.getHeight() + margin;
        g.setColor(PANEL);
        g.fillRect(0, height - stripH, width, stripH);
        text.setLength(0);
        text.append(stream).append(" · ");
        appendTenths(fps).append(" fps");
        if (label != null) {
            text.append(" · latency ").append(Math.round(label.latencyMs())).append(" ms · ")
                    .append(label.executionProvider()).append(" · ")
                    .append(label.modelName()).append(" v").append(label.modelVersion());
        }
        text.append(" · frame ").append(frameIndex);
        g.setColor(TEXT);
        draw(g, margin, height - margin / 2 - fm.getDescent(), width - 2 * margin);
    }

    /** Draws {@link #text}, cut to {@code maxWidth} pixels. */
    private void draw(Graphics2D g, int x, int y, int maxWidth) {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        text.getChars(0, n, chars, 0);
        FontMetrics fm = g.getFontMetrics();
        while (n > 1 && fm.charsWidth(chars, 0, n) > maxWidth) {
            n--;
        }
        g.drawChars(chars, 0, n, x, y);
    }

    private StringBuilder appendTenths(double value) {
        long tenths = Math.round(value * 10);
        return text.append(tenths / 10).append('.').append(Math.abs(tenths % 10));
    }

    private void appendUpper(String s) {
        for (int i = 0; i < s.length(); i++) {
            text.append(Character.toUpperCase(s.charAt(i)));
        }
    }

    private static double clamp01(double p) {
        return Double.isNaN(p) ? 0 : Math.max(0, Math.min(1, p));
    }

    private void fonts(int unit) {
        if (unit != fontUnit) {
            fontUnit = unit;
            big = new Font(Font.SANS_SERIF, Font.BOLD, (int) (unit * 1.4));
            normal = new Font(Font.SANS_SERIF, Font.PLAIN, unit);
            small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, (int) (unit * 0.85)));
            strip = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, (int) (unit * 0.7)));
        }
    }
}
