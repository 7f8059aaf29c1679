package dev.actionstream.runtime.view;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

/** A plain-socket MJPEG client: sends one GET, then reads the multipart body part by part, as VLC or ffplay would. */
final class MjpegClient implements AutoCloseable {

    final Socket socket;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final DataInputStream in;

    private MjpegClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        String statusLine = line();
        this.status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
    }

    static MjpegClient get(int port, String path, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return new MjpegClient(s);
    }

    static MjpegClient get(int port, String path) throws IOException {
        return get(port, path, 0);
    }

    String boundary() {
        String type = headers.get("content-type");
        return type.substring(type.indexOf("boundary=") + "boundary=".length());
    }

    /** Reads the next part; its JPEG bytes. */
    byte[] nextPart() throws IOException {
        String delimiter = line();
        if (delimiter.isEmpty()) {
            delimiter = line();
        }
        if (!delimiter.equals("--" + boundary())) {
            throw new IOException("expected boundary, got '" + delimiter + "'");
        }
        Map<String, String> partHeaders = new LinkedHashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            partHeaders.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        if (!"image/jpeg".equals(partHeaders.get("content-type"))) {
            throw new IOException("part is not image/jpeg: " + partHeaders);
        }
        byte[] jpeg = new byte[Integer.parseInt(partHeaders.get("content-length"))];
        in.readFully(jpeg);
        return jpeg;
    }

    static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        if (image == null) {
            throw new IOException("not a decodable image (" + jpeg.length + " bytes)");
        }
        return image;
    }

    InputStream input() {
        return in;
    }

    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            out.write(b);
        }
        String s = out.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
