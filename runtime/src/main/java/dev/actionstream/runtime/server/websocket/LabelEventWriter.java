package dev.actionstream.runtime.server.websocket;

import dev.actionstream.runtime.events.EventJson;
import dev.actionstream.runtime.events.LabelEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Serialises a {@link LabelEvent} to UTF-8 JSON, straight into a pooled buffer (no intermediate byte array). */
public final class LabelEventWriter {

    /** Typical event with top-3 is ~450 bytes; the buffer grows if needed. */
    static final int INITIAL_CAPACITY = 512;

    private final ByteBufAllocator allocator;

    public LabelEventWriter(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /** Returns a buffer the caller owns (reference count 1). */
    public ByteBuf write(LabelEvent event) {
        ByteBuf buf = allocator.buffer(INITIAL_CAPACITY);
        try (OutputStream out = new ByteBufOutputStream(buf)) {
            EventJson.write(event, out);
            return buf;
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException("cannot serialise label event for stream " + event.stream(), e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
