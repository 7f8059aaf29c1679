package dev.actionstream.runtime.view;

import java.awt.image.BufferedImage;

/**
 * Receives each overlaid frame of a stream on the {@code view-jpeg} thread, e.g. a desktop window. The image is
 * reused for the next frame: copy what must outlive the call, and return quickly.
 */
@FunctionalInterface
public interface OverlayListener {
    void show(BufferedImage overlaid);
}
