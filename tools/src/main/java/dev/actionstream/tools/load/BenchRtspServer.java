package dev.actionstream.tools.load;

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
 * The RTSP variant's camera: GStreamer's RTSP server ({@code bench/rtsp_file_server.py}, run by the system Python
 * with GstRtspServer) in a child process, sending one H.264 file in a loop at its frame rate on
 * {@code rtsp://127.0.0.1:PORT/live}. The media is shared, so every client gets the same packets and the server's
 * cost does not grow with the number of streams.
 */
final class BenchRtspServer implements AutoCloseable {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String SCRIPT = "/bench/rtsp_file_server.py";
    private static final long START_SECONDS = 30;

    private final Process process;
    private final int port;

    private BenchRtspServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Why the server cannot run here (no Python, no GStreamer RTSP bindings), or {@code null} when it can. */
    static String unavailableReason() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return "no " + PYTHON;
        }
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import gi; gi.require_version('Gst', '1.0');"
                    + " gi.require_version('GstRtspServer', '1.0'); from gi.repository import Gst, GstRtspServer;"
                    + " Gst.init(None); assert Gst.ElementFactory.find('h264parse'), 'no h264parse'")
                    .redirectErrorStream(true).start();
            String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!probe.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return "the GStreamer probe did not finish";
            }
            return probe.exitValue() == 0 ? null : "GStreamer's RTSP server or h264parse missing: " + said;
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        }
    }

    /** Serves {@code h264} (an elementary stream without B-frames) on a free port; the script goes into its folder. */
    static BenchRtspServer start(Path h264) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path script = h264.toAbsolutePath().resolveSibling("rtsp_file_server.py");
        try (InputStream in = BenchRtspServer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the class path");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p;
        try {
            p = new ProcessBuilder(PYTHON.toString(), script.toString(), Integer.toString(port),
                    h264.toAbsolutePath().toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + PYTHON + " for the RTSP server (python3-gi, "
                    + "gir1.2-gst-rtsp-server-1.0): " + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            p.waitFor(START_SECONDS, TimeUnit.SECONDS);
            throw new IOException("the RTSP server did not start (GStreamer's RTSP server Python bindings: "
                    + "python3-gi, gir1.2-gst-rtsp-server-1.0): " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // Keeps the pipe from filling up and blocking the server.
                }
            } catch (IOException e) {
                // The process is gone.
            }
        }, "bench-rtsp-output");
        drain.setDaemon(true);
        drain.start();
        return new BenchRtspServer(p, port);
    }

    String url() {
        return "rtsp://127.0.0.1:" + port + "/live";
    }

    /** The server process's CPU time so far, in nanoseconds; -1 where the system does not say. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
