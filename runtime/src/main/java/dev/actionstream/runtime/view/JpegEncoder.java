package dev.actionstream.runtime.view;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Encodes frames to baseline JPEG with one reused {@link ImageWriter} and one reused output array. Not thread-safe:
 * it belongs to the thread that encodes (the live view's {@code view-jpeg}, capture's {@code capture-jpeg}).
 */
public final class JpegEncoder implements AutoCloseable {

    private final ImageWriter writer;
    private final ImageWriteParam param;
    private final ByteArrayImageOutput output = new ByteArrayImageOutput(64 << 10);

    public JpegEncoder(float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JVM has no JPEG writer (javax.imageio)");
        }
        this.writer = writers.next();
        this.param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        writer.setOutput(output);
    }

    /**
     * Encodes {@code image} (a {@code TYPE_3BYTE_BGR} frame wrapped in {@code wrapped}); the JPEG is then
     * {@link #bytes()}{@code [0 .. }{@link #size()}{@code )}, valid until the next call.
     */
    public void encode(IIOImage wrapped) {
        output.rewind();
        try {
            writer.write(null, wrapped, param);
            output.flush();
        } catch (IOException e) {
            // Only an in-memory array is written; this is a codec failure, not I/O.
            throw new UncheckedIOException("JPEG encoding failed", e);
        }
    }

    /** Convenience for tests and one-off use. */
    void encode(BufferedImage image) {
        encode(new IIOImage(image, null, null));
    }

    public byte[] bytes() {
        return output.array();
    }

    public int size() {
        return output.size();
    }

    @Override
    public void close() {
        writer.dispose();
    }
}
