package dev.actionstream.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server (GStreamer's gst-rtsp-server, driven by {@code rtsp-server.py}) in a child process that tests can
 * start, kill and restart on the same port.
 */
public final class RtspTestServer implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3";

    private final int port;
    private final Path file;
    private Process process;

    private RtspTestServer(int port, Path file) {
        this.port = port;
        this.file = file;
    }

    /** Starts a live test-pattern server (or one serving {@code file} when non-null) on a free port. */
    public static RtspTestServer start(Path file) throws IOException, InterruptedException {
        RtspTestServer server = new RtspTestServer(freePort(), file);
        server.restart();
        return server;
    }

    public String url() {
        return "rtsp://127.0.0.1:" + port + "/stream";
    }

    public int port() {
        return port;
    }

    /** (Re)starts the server process on the same port and waits until it listens. */
    public void restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path script = Files.createTempFile("rtsp-server", ".py");
        try (var in = RtspTestServer.class.getResourceAsStream("/rtsp-server.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "--port", String.valueOf(port)));
        if (file != null) {
            cmd.add("--file");
            cmd.add(file.toString());
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("READY")) {
                Thread drain = new Thread(() -> drain(out), "rtsp-server-log");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            log.append(line).append('\n');
        }
        process.waitFor(5, TimeUnit.SECONDS);
        throw new IOException("RTSP test server did not start (needs Debian packages python3-gi, "
                + "gir1.2-gst-rtsp-server-1.0 and GStreamer plugins; see .ci/run):\n" + log);
    }

    /** Kills the server abruptly, as a crashing camera would disappear. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard; keeps the child from blocking on a full pipe
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
