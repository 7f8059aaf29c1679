package dev.actionstream.config;

/**
 * Byte layout of a decoded, interleaved 8-bit frame as handed to {@link FramePreparer}.
 * FFmpeg/JavaCV grabbers and Java2D {@code TYPE_3BYTE_BGR} images both produce {@link #BGR24}.
 */
public enum PixelFormat {
    BGR24(3, 2, 1, 0),
    RGB24(3, 0, 1, 2),
    GRAY8(1, 0, 0, 0);

    private final int bytesPerPixel;
    private final int redOffset;
    private final int greenOffset;
    private final int blueOffset;

    PixelFormat(int bytesPerPixel, int redOffset, int greenOffset, int blueOffset) {
        this.bytesPerPixel = bytesPerPixel;
        this.redOffset = redOffset;
        this.greenOffset = greenOffset;
        this.blueOffset = blueOffset;
    }

    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    public int redOffset() {
        return redOffset;
    }

    public int greenOffset() {
        return greenOffset;
    }

    public int blueOffset() {
        return blueOffset;
    }
}
