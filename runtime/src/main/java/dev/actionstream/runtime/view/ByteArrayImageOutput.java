package dev.actionstream.runtime.view;

import java.util.Arrays;
import javax.imageio.stream.ImageOutputStreamImpl;

/**
 * An {@code ImageOutputStream} into one growing byte array that is reused for every frame ({@link #rewind}), so
 * encoding a JPEG does not allocate an output buffer each time as {@code ByteArrayOutputStream} +
 * {@code MemoryCacheImageOutputStream} would.
 */
final class ByteArrayImageOutput extends ImageOutputStreamImpl {

    private byte[] buf;
    private int length;

    ByteArrayImageOutput(int initialCapacity) {
        this.buf = new byte[Math.max(1024, initialCapacity)];
    }

    /** Starts a new image at offset 0; the array is kept. */
    void rewind() {
        streamPos = 0;
        flushedPos = 0;
        bitOffset = 0;
        length = 0;
    }

    /** The bytes written since {@link #rewind}: {@code array()[0 .. size())}. */
    byte[] array() {
        return buf;
    }

    int size() {
        return length;
    }

    @Override
    public void write(int b) {
        ensure(streamPos + 1);
        buf[(int) streamPos++] = (byte) b;
        length = Math.max(length, (int) streamPos);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(streamPos + len);
        System.arraycopy(b, off, buf, (int) streamPos, len);
        streamPos += len;
        length = Math.max(length, (int) streamPos);
    }

    @Override
    public int read() {
        bitOffset = 0;
        return streamPos < length ? buf[(int) streamPos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        bitOffset = 0;
        int n = (int) Math.min(len, length - streamPos);
        if (n <= 0) {
            return len == 0 ? 0 : -1;
        }
        System.arraycopy(buf, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    private void ensure(long capacity) {
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("JPEG larger than 2 GB");
        }
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(capacity, buf.length * 2L));
        }
    }
}
