package dev.actionstream.runtime.view;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The MJPEG clients of one stream and the parts sent to them. Each JPEG becomes one multipart part, built once into
 * a pooled buffer and shared by every client (a retained duplicate each). A client whose outbound buffer is above the
 * high-water mark misses the part (counted): a slow viewer never makes anything wait or grow.
 *
 * <pre>
 * --actionstream-frame\r\n          (once, when the client joins: {@link #FIRST_DELIMITER})
 * Content-Type: image/jpeg\r\n      (each part)
 * Content-Length: N\r\n
 * \r\n
 * N bytes of JPEG\r\n
 * --actionstream-frame\r\n
 * </pre>
 * Each part ends with the next delimiter because browsers show a part only once they see the delimiter after it:
 * a delimiter in front of each part would keep every viewer one frame behind, and a stream that stopped sending
 * frames (failed, ended) would never show its last one.
 */
final class MjpegViewers {

    static final String BOUNDARY = "actionstream-frame";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
    /** Written to a client once, before its first part. */
    static final String FIRST_DELIMITER = "--" + BOUNDARY + "\r\n";
    private static final byte[] END = ("\r\n--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final ByteBufAllocator allocator;
    private final Counter sent;
    private final Counter dropped;
    private final StringBuilder header = new StringBuilder(96);
    /** The last part, so a new client sees a picture at once; guarded by {@code this}. */
    private ByteBuf lastPart;

    MjpegViewers(ByteBufAllocator allocator, Counter sent, Counter dropped) {
        this.allocator = allocator;
        this.sent = sent;
        this.dropped = dropped;
    }

    boolean isEmpty() {
        return channels.isEmpty();
    }

    int size() {
        return channels.size();
    }

    /** Event loop: a client whose response head was written; it gets the last part right away. */
    void add(Channel channel) {
        channels.add(channel);
        ByteBuf first;
        synchronized (this) {
            first = lastPart == null ? null : lastPart.retainedDuplicate();
        }
        if (first != null) {
            channel.writeAndFlush(new DefaultHttpContent(first), channel.voidPromise());
        }
    }

    boolean remove(Channel channel) {
        return channels.remove(channel);
    }

    /** {@code view-jpeg} thread: sends {@code jpeg[0 .. length)} as the next part to every client that keeps up. */
    void send(byte[] jpeg, int length) {
        header.setLength(0);
        header.append("Content-Type: image/jpeg\r\nContent-Length: ")
                .append(length).append("\r\n\r\n");
        ByteBuf part = allocator.directBuffer(header.length() + length + END.length);
        ByteBufUtil.writeAscii(part, header);
        part.writeBytes(jpeg, 0, length);
        part.writeBytes(END);
        try {
            for (Channel ch : channels) {
                if (ch.isWritable()) {
                    ch.writeAndFlush(new DefaultHttpContent(part.retainedDuplicate()), ch.voidPromise());
                    sent.increment();
                } else {
                    dropped.increment();
                }
            }
        } finally {
            ByteBuf previous;
            synchronized (this) {
                previous = lastPart;
                lastPart = part;
            }
            if (previous != null) {
                previous.release();
            }
        }
    }

    /** Closes every client and forgets the last part. */
    void closeAll() {
        channels.forEach(Channel::close);
        synchronized (this) {
            if (lastPart != null) {
                lastPart.release();
                lastPart = null;
            }
        }
    }
}
