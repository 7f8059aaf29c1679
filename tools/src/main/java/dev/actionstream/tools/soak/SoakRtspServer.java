package dev.actionstream.tools.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The soak's camera: GStreamer's RTSP server ({@code rtsp/rtsp_server.py} on the class path, run by the system
 * Python with GstRtspServer) in a child process, streaming a solid colour as H.264 at 25 fps. It can be killed and
 * started again on the same port, as a camera that reboots. The script is the runtime's test resource (its RTSP tests
 * start it through their {@code RtspCamera} fixture); the tools' build copies it onto this module's class path.
 */
final class SoakRtspServer implements AutoCloseable {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String SCRIPT = "/rtsp/rtsp_server.py";

    private final Path script;
    private final int port;
    private final String argb;
    private Process process;

    private SoakRtspServer(Path script, int port, String argb) {
        this.script = script;
        this.port = port;
        this.argb = argb;
    }

    /** Why no RTSP server can run here, or {@code null} when it can. */
    static String unavailableReason() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return "no " + PYTHON;
        }
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c",
                    "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer")
                    .redirectErrorStream(true).start();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return "the GStreamer probe did not finish";
            }
            return probe.exitValue() == 0 ? null
                    : "GStreamer RTSP server Python bindings missing (gir1.2-gst-rtsp-server-1.0, python3-gi)";
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        }
    }

    /**
     * Copies the server script into {@code workDir} and starts serving {@code rtsp://127.0.0.1:PORT/live} on a free
     * port; {@code argb} like {@code 0xffff0000} (red).
     */
    static SoakRtspServer start(Path workDir, String argb) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path script = workDir.resolve("rtsp_server.py");
        try (InputStream in = SoakRtspServer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the class path");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        SoakRtspServer server = new SoakRtspServer(script, port, argb);
        server.restart();
        return server;
    }

    String url() {
        return "rtsp://127.0.0.1:" + port + "/live";
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the server process (again) and waits until it listens. */
    void restart() throws IOException, InterruptedException {
        if (running()) {
            return;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), Integer.toString(port), argb).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IOException("RTSP server did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // Keep the pipe from filling up and blocking the server.
                }
            } catch (IOException e) {
                // The process is gone.
            }
        }, "rtsp-server-output");
        drain.setDaemon(true);
        drain.start();
        process = p;
    }

    /** Kills the server process with SIGKILL: the camera vanishes without a goodbye. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
