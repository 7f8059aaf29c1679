package dev.actionstream.runtime.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * An attacker's connection that sends its request a byte at a time: a slowloris (the head never ends) or a slow body
 * (a complete head promising a body that trickles). {@link #trickle()} sends the next byte; {@link #closedByServer()}
 * tells whether the server has given up on it.
 */
final class SlowClient implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean closed;
    private final StringBuilder received = new StringBuilder();

    private SlowClient(int port, String start) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(1);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        out.write(start.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A head that never ends: one more header byte per trickle. */
    static SlowClient slowHeader(int port) throws IOException {
        return new SlowClient(port, "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    }

    /** A complete head, then a 60,000-byte body a byte per trickle. */
    static SlowClient slowBody(int port) throws IOException {
        return new SlowClient(port, "POST /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 60000\r\n"
                + "Content-Type: text/plain\r\n\r\n");
    }

    void trickle() {
        if (closed) {
            return;
        }
        try {
            out.write('a');
            out.flush();
        } catch (IOException e) {
            closed = true;
        }
    }

    /** Reads whatever the server sent (a 408, say); true once it has closed its side. */
    boolean closedByServer() {
        if (closed) {
            return true;
        }
        byte[] buf = new byte[1024];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    closed = true;
                    return true;
                }
                received.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            closed = true;
            return true;
        }
    }

    /** What the server sent before closing, as read by {@link #closedByServer()}. */
    String received() {
        return received.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
