package dev.actionstream.runtime.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket, for what well-behaved clients cannot do: never read, send oversized or
 * unmasked frames, send any Origin.
 */
final class RawWebSocket implements Closeable {

    final Socket socket;
    final int status;
    final String responseHead;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket, int status, String responseHead) throws IOException {
        this.socket = socket;
        this.status = status;
        this.responseHead = responseHead;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and sends the handshake; {@link #status} is 101 on success. {@code receiveBuffer} 0 = OS default. */
    static RawWebSocket open(int port, String pathAndQuery, Map<String, String> headers, int receiveBuffer)
            throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        StringBuilder req = new StringBuilder()
                .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String head = readHead(s.getInputStream());
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        return new RawWebSocket(s, status, head);
    }

    /** Reads an HTTP response head (status line and headers) byte by byte, leaving the rest unread. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    void sendFrame(int opcode, byte[] payload, boolean mask) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        int maskBit = mask ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            f.write(maskBit | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
            }
        }
        byte[] key = new byte[4];
        if (mask) {
            ThreadLocalRandom.current().nextBytes(key);
            f.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ (mask ? key[i % 4] : 0));
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** Reads frames until the server closes; returns the first close code it sent, or -1 if it sent none. */
    int awaitServerClose() throws IOException {
        int closeCode = -1;
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return closeCode;
                }
                int b1 = in.read();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) len);
                if ((b0 & 0x0f) == 0x8 && payload.length >= 2 && closeCode == -1) {
                    closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server did not close the connection", e);
        } catch (IOException e) {
            // A reset also means the server closed it.
            return closeCode;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
