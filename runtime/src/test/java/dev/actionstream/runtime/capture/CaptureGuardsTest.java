package dev.actionstream.runtime.capture;

import dev.actionstream.config.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What stands between a request and the disk: the switch, the token, free space. Each on its own real runtime. */
class CaptureGuardsTest {

    private static final List<RuntimeConfig.Stream> CAM =
            List.of(new RuntimeConfig.Stream("cam", "synthetic:160x120@25", 1, false, true));

    @Test
    void refusesCapturesWith403UnlessEnabled(@TempDir Path dir) throws Exception {
        try (CaptureServer s = CaptureServer.start(dir, CAM,
                c -> c.withCapture(c.capture().withEnabled(false)))) {
            HttpResponse<String> res = s.post("{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":1}");
            assertEquals(403, res.statusCode());
            assertTrue(res.body().contains("--captures"), res.body());
            assertEquals(403, s.delete("/api/captures/captures/a/x.mp4").statusCode());
            assertFalse(CaptureServer.json(s.get("/api/captures")).get("enabled").asBoolean());
            assertFalse(CaptureServer.json(s.get("/api/status")).has("capture"), "no buffers when off");
            assertFalse(Files.exists(s.datasets));
        }
    }

    @Test
    void requiresTheTokenForCaptures(@TempDir Path dir) throws Exception {
        try (CaptureServer s = CaptureServer.start(dir, CAM,
                c -> new RuntimeConfig(c.server().withAuthToken("s3cret"), c.streams(), c.pipeline(), c.scoring(),
                        c.events(), c.models(), c.capture()))) {
            s.awaitBuffered("cam", 1.2);
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + s.port() + "/api/captures"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            assertFalse(Files.exists(s.datasets.resolve("captures/a")));
            assertEquals(201, s.post("{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":1}").statusCode(),
                    "with the token");
        }
    }

    @Test
    void refusesWith507WhenTheDiskWouldBeFullAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        try (CaptureServer s = CaptureServer.start(dir, CAM,
                c -> c.withCapture(c.capture().withMinFreeBytes(free + (1L << 30))))) {
            s.awaitBuffered("cam", 1.2);
            HttpResponse<String> res = s.post("{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":1}");
            assertEquals(507, res.statusCode(), res.body());
            assertTrue(res.body().contains("disk space"), res.body());
            try (Stream<Path> files = Files.walk(s.datasets)) {
                assertTrue(files.noneMatch(Files::isRegularFile), "no clip, sidecar or temporary file");
            }
        }
    }
}
