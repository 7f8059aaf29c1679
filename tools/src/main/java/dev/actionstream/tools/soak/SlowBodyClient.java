package dev.actionstream.tools.soak;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hostile client for the soak: sends a complete request head promising a 60,000-byte body, then trickles the body
 * a byte per {@link #trickle} call, far below {@code server.minRequestBodyBytesPerSecond}; the server should answer 408
 * and close it within {@code server.requestBodyTimeoutMillis}.
 */
final class SlowBodyClient implements Closeable {

    static final int DECLARED_BODY_BYTES = 60_000;

    private final Socket socket;
    private final OutputStream out;
    private boolean closed;

    private SlowBodyClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** @param token sent as a bearer token when not empty: a client the server trusts, so only the deadline frees it */
    static SlowBodyClient connect(int port, String token) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        String head = "POST /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: text/plain\r\nContent-Length: " + DECLARED_BODY_BYTES + "\r\n\r\n";
        SlowBodyClient c = new SlowBodyClient(s);
        c.out.write(head.getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        return c;
    }

    /** Sends one more byte of the body; quietly stops once the server has closed the connection. */
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

    /** Whether a write has failed because the server closed the connection. */
    boolean closedByServer() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
