package dev.actionstream.runtime.view;

import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.status.StreamState;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.Arrays;
import java.util.List;

/**
 * Draws what the runtime currently says about a stream over a full-resolution frame, so any MJPEG viewer shows it:
 * <pre>
 * ┌──────────────────────┐
 * │ WAVING               │  the latest label event: label (amber when uncertain, steel blue when unknown, grey when
 * │                      │  the stream is not live; unknown reads "UNKNOWN / not like anything this model was …")
 * │ 87.3 % confident     │
 * │ waving   ████████ 87%│  top-k bars
 * │ walking  █        9% │
 * └──────────────────────┘
 * ┌──────────────────────────────────────────┐
 * │ RECONNECTING                             │  only when the stream is not running: its state and why
 * │ connection refused (attempt 3, next in 4 s)
 * └──────────────────────────────────────────┘
 *  cam1 · 24.9 fps · convlstm v3 on CPU · latency 12 ms · frame 1234     (bottom strip)
 * </pre>
 * Sizes follow the frame; every string is measured and drawn in a smaller size, or cut with "…", until it fits, and
 * rows that do not fit the height are left out, so 160×120 and 1920×1080 frames both show whole words. Text goes
 * through one reused builder and char array, fonts and their metrics change only with the frame size: nothing is
 * allocated per frame. Not thread-safe (the {@code view-jpeg} thread owns it).
 */
final class OverlayPainter {

    static final Color PANEL = new Color(0, 0, 0, 150);
    static final Color SURE = new Color(0x4f, 0xd1, 0x8b);
    static final Color UNSURE = new Color(0xf0, 0xb4, 0x29);
    static final Color BAD = new Color(0xef, 0x53, 0x50);
    /** Neutral, neither right nor wrong: the windows are unlike anything the model was trained on. */
    static final Color UNKNOWN = new Color(0x9b, 0xb7, 0xd4);
    /** An unknown label in two lines, title over detail, as the live view's page shows it too. */
    static final String UNKNOWN_TITLE = "Unknown";
    static final String UNKNOWN_DETAIL = "not like anything this model was trained on";
    static final Color TEXT = new Color(0xe8, 0xea, 0xf0);
    static final Color MUTED = new Color(0xb0, 0xb6, 0xc6);
    static final Color TRACK = new Color(0x55, 0x55, 0x55, 200);
    /** Text is never drawn smaller than this (pixels): below it, it is cut instead. */
    static final int MIN_FONT = 8;
    private static final char ELLIPSIS = '…';
    private static final String SEP = " · ";

    /** Font roles, each with a ladder of sizes from the preferred one down to {@link #MIN_FONT}. */
    private static final int BIG = 0;
    private static final int NORMAL = 1;
    private static final int SMALL = 2;
    private static final int STRIP = 3;
    private static final int STEPS = 4;

    private final StringBuilder text = new StringBuilder(256);
    private char[] chars = new char[256];
    private OverlayText observer = OverlayText.NONE;
    private int fontUnit = -1;
    private final Font[][] fonts = new Font[4][STEPS];
    private final FontMetrics[][] metrics = new FontMetrics[4][STEPS];

    /** Tests watch what is drawn. */
    void observe(OverlayText observer) {
        this.observer = observer == null ? OverlayText.NONE : observer;
    }

    /**
     * @param label  the latest label event of this stream, or {@code null} before the first one
     * @param fps    decode rate of the stream; 0 until one is measured (drawn as "—")
     * @param state  the stream's state; {@code null} when unknown
     * @param reason why it is in that state, in words; {@code null} while it runs fine
     */
    void paint(Graphics2D g, int width, int height, String stream, LabelEvent label, double fps, long frameIndex,
               StreamState state, String reason) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int unit = Math.max(9, Math.min(24, Math.min(height / 20, width / 16)));
        fonts(g, unit);
        int margin = Math.max(3, unit / 2);
        int stripTop = paintStatusStrip(g, width, height, margin, stream, label, fps, frameIndex);
        boolean live = state == null || state == StreamState.RUNNING;
        int bottom = live ? stripTop : paintStateBanner(g, width, stripTop, unit, margin, state, reason);
        if (label != null || live || state == StreamState.STARTING) {
            paintLabelPanel(g, width, bottom - margin, unit, margin, label, live);
        }
    }

    /** The same as {@link #paint} for a running stream. */
    void paint(Graphics2D g, int width, int height, String stream, LabelEvent label, double fps, long frameIndex) {
        paint(g, width, height, stream, label, fps, frameIndex, null, null);
    }

    private void paintLabelPanel(Graphics2D g, int width, int maxBottom, int unit, int margin, LabelEvent label,
                                 boolean live) {
        int lineBig = metrics[BIG][0].getHeight();
        int line = metrics[NORMAL][0].getHeight();
        int row = Math.max(metrics[SMALL][0].getHeight(), unit);
        int fixed = margin + lineBig + line + margin;
        if (margin + fixed > maxBottom) {
            return;
        }
        List<LabelEvent.LabelScore> topK = label == null ? List.of() : label.topK();
        int rows = Math.min(topK.size(), (maxBottom - margin - fixed) / row);
        int panelW = Math.min(width - 2 * margin, unit * 16);
        int textW = panelW - 2 * margin;
        g.setColor(PANEL);
        g.fillRoundRect(margin, margin, panelW, fixed + rows * row, unit / 2, unit / 2);
        int x = margin * 2;
        int y = margin + margin + metrics[BIG][0].getAscent();
        text.setLength(0);
        if (label == null) {
            g.setColor(MUTED);
            text.append("waiting for a label");
        } else if (!label.known()) {
            g.setColor(live ? UNKNOWN : MUTED);
            appendUpper(UNKNOWN_TITLE);
        } else {
            g.setColor(!live ? MUTED : label.uncertain() ? UNSURE : SURE);
            appendUpper(label.label());
        }
        drawFitted(g, OverlayText.Role.HEADLINE, BIG, x, y, textW);
        y += metrics[BIG][0].getDescent() + metrics[NORMAL][0].getAscent() + metrics[NORMAL][0].getLeading();
        g.setColor(TEXT);
        text.setLength(0);
        if (label == null) {
            text.append("scoring starts once a window is full");
        } else {
            if (!live) {
                text.append("last label, ");
            }
            if (!label.known()) {
                text.append(UNKNOWN_DETAIL);
            } else if (label.uncertain()) {
                text.append("no action likely (best ");
                appendTenths(label.confidence() * 100).append(" %)");
            } else {
                appendTenths(label.confidence() * 100).append(" % confident");
            }
        }
        drawFitted(g, OverlayText.Role.DETAIL, NORMAL, x, y, textW);
        y += metrics[NORMAL][0].getDescent();
        FontMetrics fm = metrics[SMALL][0];
        int nameW = textW * 2 / 5;
        int pctW = fm.charWidth('0') * 3 + fm.charWidth('%');
        int barX = x + nameW + margin / 2;
        int barW = Math.max(4, textW - nameW - pctW - margin);
        int barH = Math.max(3, unit / 2);
        for (int i = 0; i < rows; i++) {
            LabelEvent.LabelScore s = topK.get(i);
            int base = y + (row + fm.getAscent() - fm.getDescent()) / 2;
            g.setColor(TEXT);
            text.setLength(0);
            text.append(s.label());
            drawFitted(g, OverlayText.Role.TOP_K, SMALL, x, base, nameW);
            int barTop = y + (row - barH) / 2;
            g.setColor(TRACK);
            g.fillRect(barX, barTop, barW, barH);
            g.setColor(live && s.label().equals(label.label()) && !label.uncertain() ? SURE : MUTED);
            g.fillRect(barX, barTop, (int) Math.round(barW * clamp01(s.probability())), barH);
            g.setColor(TEXT);
            text.setLength(0);
            text.append(Math.round(clamp01(s.probability()) * 100)).append('%');
            drawFitted(g, OverlayText.Role.TOP_K, SMALL, barX + barW + margin / 2, base, pctW + margin / 2);
            y += row;
        }
    }

    /** A full-width banner above the strip: the state in its colour, then up to two lines of why. Returns its top. */
    private int paintStateBanner(Graphics2D g, int width, int bottom, int unit, int margin, StreamState state,
                                 String reason) {
        FontMetrics title = metrics[NORMAL][0];
        FontMetrics body = metrics[SMALL][0];
        int textW = width - 4 * margin;
        // Wrapped at the preferred size, so the line count is known before the banner is drawn.
        text.setLength(0);
        if (reason != null) {
            text.append(reason);
        }
        int n = toChars();
        int firstEnd = n == 0 ? 0 : lineEnd(body, 0, n, textW);
        int secondStart = skipSpaces(firstEnd, n);
        int lines = n == 0 ? 0 : secondStart < n ? 2 : 1;
        int bannerH = margin + title.getHeight() + lines * body.getHeight() + margin / 2;
        if (bannerH > bottom - margin) {
            lines = Math.max(0, (bottom - 2 * margin - title.getHeight() - margin / 2) / body.getHeight());
            lines = Math.min(lines, n == 0 ? 0 : secondStart < n ? 2 : 1);
            bannerH = margin + title.getHeight() + lines * body.getHeight() + margin / 2;
        }
        int top = bottom - margin - bannerH;
        if (top < 0) {
            return bottom;
        }
        g.setColor(PANEL);
        g.fillRoundRect(margin, top, width - 2 * margin, bannerH, unit / 2, unit / 2);
        Color colour = switch (state) {
            case FAILED -> BAD;
            case ENDED, STOPPED -> MUTED;
            default -> UNSURE;
        };
        g.setColor(colour);
        g.fillRect(margin, top, Math.max(2, margin / 2), bannerH);
        int x = margin * 2;
        int y = top + margin / 2 + title.getAscent();
        text.setLength(0);
        appendUpper(state.id());
        g.setColor(colour);
        drawFitted(g, OverlayText.Role.STATE, NORMAL, x, y, textW);
        if (lines > 0) {
            text.setLength(0);
            text.append(reason);
            toChars();
            g.setColor(TEXT);
            y += title.getDescent() + body.getLeading() + body.getAscent();
            // With one line left, the whole reason goes on it (smaller, or cut); else the first line, then the rest.
            int end = lines == 1 ? n : firstEnd;
            drawChars(g, OverlayText.Role.REASON, SMALL, x, y, textW, 0, end);
            if (lines == 2) {
                y += body.getHeight();
                drawChars(g, OverlayText.Role.REASON, SMALL, x, y, textW, secondStart, n);
            }
        }
        return top;
    }

    /** Returns the strip's top. */
    private int paintStatusStrip(Graphics2D g, int width, int height, int margin, String stream, LabelEvent label,
                                 double fps, long frameIndex) {
        FontMetrics fm = metrics[STRIP][0];
        int stripH = fm.getAscent() + fm.getDescent() + margin;
        g.setColor(PANEL);
        g.fillRect(0, height - stripH, width, stripH);
        // Most useful first: when the strip must be cut, the frame number goes before the model's version.
        text.setLength(0);
        text.append(stream).append(SEP);
        if (fps > 0) {
            appendTenths(fps);
        } else {
            text.append('—');
        }
        text.append(" fps");
        if (label != null) {
            text.append(SEP).append(label.modelName()).append(" v").append(label.modelVersion())
                    .append(" on ").append(label.executionProvider())
                    .append(SEP).append("latency ").append(Math.round(label.latencyMs())).append(" ms");
        }
        text.append(SEP).append("frame ").append(frameIndex);
        g.setColor(TEXT);
        drawFitted(g, OverlayText.Role.STRIP, STRIP, margin, height - margin / 2 - fm.getDescent(),
                width - 2 * margin);
        return height - stripH;
    }

    private void drawFitted(Graphics2D g, OverlayText.Role role, int font, int x, int y, int maxWidth) {
        drawChars(g, role, font, x, y, maxWidth, 0, toChars());
    }

    /**
     * Draws {@code chars[from, to)} at the largest size of {@code font}'s ladder that fits {@code maxWidth}; at the
     * smallest, cut with "…". The baseline stays put, so a smaller size never leaves its line.
     */
    private void drawChars(Graphics2D g, OverlayText.Role role, int font, int x, int y, int maxWidth, int from,
                           int to) {
        if (maxWidth <= 0 || to <= from) {
            return;
        }
        int step = 0;
        while (step < STEPS - 1 && metrics[font][step].charsWidth(chars, from, to - from) > maxWidth) {
            step++;
        }
        FontMetrics fm = metrics[font][step];
        int n = to - from;
        int w = fm.charsWidth(chars, from, n);
        if (w > maxWidth) {
            int ellipsis = fm.charWidth(ELLIPSIS);
            while (n > 0 && fm.charsWidth(chars, from, n) + ellipsis > maxWidth) {
                n--;
            }
            if (n == 0) {
                return;
            }
            // The cut text is moved to the end of the buffer's used part so "…" can follow it in place.
            ensure(to + n + 1);
            System.arraycopy(chars, from, chars, to, n);
            chars[to + n] = ELLIPSIS;
            from = to;
            n++;
            w = fm.charsWidth(chars, from, n);
        }
        g.setFont(fonts[font][step]);
        g.drawChars(chars, from, n, x, y);
        observer.drawn(role, chars, from, n, x, y - fm.getAscent(), w, fm.getAscent() + fm.getDescent());
    }

    /** The last index of the line starting at {@code from} that fits {@code maxWidth}, broken at a space if any. */
    private int lineEnd(FontMetrics fm, int from, int to, int maxWidth) {
        if (fm.charsWidth(chars, from, to - from) <= maxWidth) {
            return to;
        }
        int end = from + 1;
        int lastSpace = -1;
        while (end < to && fm.charsWidth(chars, from, end + 1 - from) <= maxWidth) {
            end++;
            if (chars[end - 1] == ' ') {
                lastSpace = end - 1;
            }
        }
        return lastSpace > from ? lastSpace : end;
    }

    private int skipSpaces(int i, int n) {
        while (i < n && chars[i] == ' ') {
            i++;
        }
        return i;
    }

    private int toChars() {
        int n = text.length();
        ensure(2 * n + 1);
        text.getChars(0, n, chars, 0);
        return n;
    }

    private void ensure(int size) {
        if (chars.length < size) {
            chars = Arrays.copyOf(chars, Math.max(size, chars.length * 2));
        }
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

    /** Fonts and their metrics for a frame size; made again only when the size changes. */
    private void fonts(Graphics2D g, int unit) {
        if (unit == fontUnit) {
            return;
        }
        fontUnit = unit;
        ladder(g, BIG, Font.BOLD, (int) (unit * 1.4));
        ladder(g, NORMAL, Font.PLAIN, unit);
        ladder(g, SMALL, Font.PLAIN, (int) (unit * 0.85));
        ladder(g, STRIP, Font.PLAIN, (int) (unit * 0.7));
    }

    private void ladder(Graphics2D g, int role, int style, int preferred) {
        int size = Math.max(MIN_FONT, preferred);
        for (int step = 0; step < STEPS; step++) {
            int s = Math.max(MIN_FONT, size - (size - MIN_FONT) * step / (STEPS - 1));
            fonts[role][step] = new Font(Font.SANS_SERIF, style, s);
            metrics[role][step] = g.getFontMetrics(fonts[role][step]);
        }
    }
}
