package dev.actionstream.runtime.view;

import java.awt.GraphicsEnvironment;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.swing.WindowConstants;
import org.bytedeco.javacv.CanvasFrame;

/**
 * {@code serve --window}: one JavaCV {@link CanvasFrame} per stream showing the same overlaid frames as the MJPEG
 * video. Closing a window stops that stream's view (not the runtime).
 */
public final class DesktopWindows implements AutoCloseable {

    private final List<StreamWindow> windows = new ArrayList<>();

    private DesktopWindows() {
    }

    /**
     * Opens a window per stream of {@code view}.
     *
     * @throws IllegalStateException when there is no display (headless JVM, no {@code DISPLAY}), with a message that
     *                               says what to do instead
     */
    public static DesktopWindows open(LiveView view) {
        Objects.requireNonNull(view, "view");
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalStateException("--window needs a display, but this JVM is headless (no DISPLAY, or "
                    + "java.awt.headless=true); open the live view in a browser at http://HOST:PORT/ instead");
        }
        DesktopWindows opened = new DesktopWindows();
        try {
            for (String stream : view.streamNames()) {
                opened.windows.add(new StreamWindow(view, stream));
            }
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /** Windows still open. */
    public int openCount() {
        return (int) windows.stream().filter(w -> w.frame.isVisible()).count();
    }

    @Override
    public void close() {
        windows.forEach(StreamWindow::close);
        windows.clear();
    }

    /**
     * One stream's window. Swing paints later on its own thread, so frames alternate between two images of ours:
     * the one being shown is never the one being overwritten.
     */
    private static final class StreamWindow implements OverlayListener {
        private final CanvasFrame frame;
        private final Runnable stopWatching;
        private final BufferedImage[] images = new BufferedImage[2];
        private int next;

        StreamWindow(LiveView view, String stream) {
            this.frame = new CanvasFrame("actionstream — " + stream, 1.0);
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            this.stopWatching = view.watch(stream, this);
            frame.addWindowListener(new WindowAdapter() {
                @Override
                public void windowClosed(WindowEvent e) {
                    stopWatching.run();
                }
            });
        }

        @Override
        public void show(BufferedImage overlaid) {
            BufferedImage target = images[next];
            if (target == null || target.getWidth() != overlaid.getWidth()
                    || target.getHeight() != overlaid.getHeight()) {
                target = new BufferedImage(overlaid.getWidth(), overlaid.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
                images[next] = target;
            }
            overlaid.copyData(target.getRaster());
            next = 1 - next;
            frame.showImage(target);
        }

        void close() {
            stopWatching.run();
            frame.dispose();
        }
    }
}
