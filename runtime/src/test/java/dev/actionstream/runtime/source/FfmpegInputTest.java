package dev.actionstream.runtime.source;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.RtspCamera;
import dev.actionstream.runtime.fixtures.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Real failures (files, devices, closed ports, a real RTSP server) reported in words, not as FFmpeg's raw text. */
class FfmpegInputTest {

    private static final RuntimeConfig.Pipeline QUICK = new RuntimeConfig.Pipeline(64, 1_000, 1_000, 5_000, 20, 80, "tcp");

    @TempDir
    Path dir;

    private static String openFailure(String source) {
        SourceSpec spec = SourceSpec.parse(source);
        IOException e = assertThrows(IOException.class, () -> FfmpegInput.open(spec, QUICK, true).close());
        String message = e.getMessage();
        assertFalse(message.contains("avformat_open_input") || message.contains("setFormat()"),
                "FFmpeg's raw text reached the user: " + message);
        return message;
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("nope.mp4");
        assertEquals("cannot open file:" + missing + ": no such file", openFailure(missing.toString()));
    }

    @Test
    void reportsADirectoryGivenAsSource() {
        assertEquals("cannot open file:" + dir + ": is a directory, not a video file", openFailure(dir.toString()));
    }

    @Test
    void reportsAnUnreadableFile() throws Exception {
        Path video = TestVideos.solidColours(dir.resolve("locked.avi"), 32, 24, 2, List.of(ColourInput.RED));
        Files.setPosixFilePermissions(video, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(video), "running as root: every file is readable, so none can be refused");
        assertEquals("cannot open file:" + video + ": permission denied (the file is not readable by this user)",
                openFailure(video.toString()));
    }

    @Test
    void reportsATextFileAsNotAVideo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "shopping list: milk, eggs\n");
        assertEquals("cannot open file:" + text + ": not a video file FFmpeg can read (unknown format or damaged data)",
                openFailure(text.toString()));
    }

    @Test
    void reportsAVideoInACodecFfmpegCannotDecode() throws Exception {
        Path avi = TestVideos.solidColours(dir.resolve("odd.avi"), 32, 24, 3, List.of(ColourInput.RED));
        // The same MPEG-4 data under a FourCC no decoder claims: a camera's proprietary codec, as FFmpeg sees it.
        byte[] bytes = Files.readAllBytes(avi);
        int replaced = 0;
        for (String fourCc : new String[] {"FMP4", "XVID", "DIVX", "mp4v"}) {
            replaced += replaceAll(bytes, fourCc.getBytes(StandardCharsets.US_ASCII), "ZZZZ".getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(replaced > 0, "the AVI names its codec");
        Files.write(avi, bytes);
        assertEquals("cannot open file:" + avi + ": unsupported video codec (FFmpeg has no decoder for it; "
                + "re-encode it, e.g. to H.264)", openFailure(avi.toString()));
    }

    @Test
    void reportsAMissingCameraAsNoSuchDevice() {
        assumeFalse(Files.exists(Path.of("/dev/video97")), "this machine has a /dev/video97");
        assertTrue(openFailure("/dev/video97").startsWith("cannot open camera:/dev/video97: no such device"));
    }

    @Test
    void reportsAClosedPortAsConnectionRefused() throws IOException {
        int port = RtspCamera.freePort();
        assertEquals("cannot open rtsp:rtsp://127.0.0.1:" + port + "/live: connection refused by 127.0.0.1:" + port
                        + " (nothing listens on that port: wrong port, or the camera or server is down)",
                openFailure("rtsp://127.0.0.1:" + port + "/live"));
        assertTrue(openFailure("http://127.0.0.1:" + port + "/mjpeg").contains("connection refused by 127.0.0.1:" + port));
    }

    @Test
    void reportsAnUnknownHostAsHostNotFound() {
        assertTrue(openFailure("rtsp://no-such-camera.invalid/live")
                .endsWith(": host not found: no-such-camera.invalid (check the name, or use the IP address)"));
    }

    @Test
    void reportsAServerThatNeverAnswersAsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // Closed at the end of the test.
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            String server = "127.0.0.1:" + silent.getLocalPort();
            assertTrue(openFailure("rtsp://" + server + "/live").endsWith(": timed out: " + server + " did not answer in time"));
            assertTrue(openFailure("http://" + server + "/mjpeg").endsWith(": timed out: " + server + " did not answer in time"));
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void reportsAWrongPathOnARealRtspServerAsNotFound() throws Exception {
        RtspCamera.assumeAvailable();
        int port = RtspCamera.freePort();
        try (RtspCamera camera = RtspCamera.start(dir, port, "0xffff0000")) {
            assertEquals("cannot open rtsp:rtsp://127.0.0.1:" + port + "/cam2: 404 Not Found: 127.0.0.1:" + port
                    + " has no stream at /cam2 (check the path after the port)", openFailure("rtsp://127.0.0.1:" + port + "/cam2"));
            FfmpegInput.open(SourceSpec.parse(camera.url()), QUICK, true).close();
        }
    }

    @Test
    void reportsAMissingOrRefusedLoginAsUnauthorized() throws Exception {
        RtspCamera.assumeAvailable();
        int port = RtspCamera.freePort();
        try (RtspCamera camera = RtspCamera.startWithLogin(dir, port, "0xff00ff00", "admin:secret")) {
            String server = "127.0.0.1:" + port;
            assertTrue(openFailure("rtsp://" + server + "/live").endsWith(": 401 Unauthorized: the camera requires a "
                    + "login; give it in the URL as rtsp://USER:PASSWORD@" + server + "/..."));
            assertTrue(openFailure("rtsp://admin:guess@" + server + "/live")
                    .endsWith(": 401 Unauthorized: the camera refused this user name and password"));
            FfmpegInput.open(SourceSpec.parse("rtsp://admin:secret@" + server + "/live"), QUICK, true).close();
        }
    }

    private static int replaceAll(byte[] bytes, byte[] from, byte[] to) {
        int count = 0;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            boolean match = true;
            for (int j = 0; j < from.length && match; j++) {
                match = bytes[i + j] == from[j];
            }
            if (match) {
                System.arraycopy(to, 0, bytes, i, to.length);
                count++;
            }
        }
        return count;
    }
}
