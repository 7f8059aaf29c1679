package dev.actionstream.runtime.view;

/**
 * How the live view renders.
 *
 * @param maxFps      cap on overlay frames per second and stream (drawn, encoded, sent); frames in between are not
 *                    even copied
 * @param jpegQuality JPEG quality, 0..1
 */
public record ViewSettings(double maxFps, float jpegQuality) {

    public static final double DEFAULT_MAX_FPS = 10;
    public static final float DEFAULT_JPEG_QUALITY = 0.8f;

    public ViewSettings {
        if (!(maxFps > 0 && maxFps <= 120)) {
            throw new IllegalArgumentException("view max fps must be in (0, 120], got " + maxFps);
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("view JPEG quality must be in (0, 1], got " + jpegQuality);
        }
    }

    /** 10 overlay frames per second, JPEG quality 0.8. */
    public static ViewSettings defaults() {
        return new ViewSettings(DEFAULT_MAX_FPS, DEFAULT_JPEG_QUALITY);
    }

    long periodNanos() {
        return (long) (1e9 / maxFps);
    }
}
