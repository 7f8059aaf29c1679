package dev.actionstream.runtime.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /api/captures} on a real runtime: the synthetic live source at 25 fps ({@code cam}) and an RTSP camera
 * nobody answers for ({@code door}, forever reconnecting), real HTTP, clips checked by decoding them with FFmpeg.
 */
class CaptureApiTest {

    @TempDir
    static Path dir;
    static CaptureServer server;

    @BeforeAll
    static void serve() throws Exception {
        server = CaptureServer.start(dir, List.of(
                new RuntimeConfig.Stream("cam", "synthetic:160x120@25", 1, false, true),
                new RuntimeConfig.Stream("door", "rtsp://127.0.0.1:1/nobody", 1, false, true)), c -> c);
        server.awaitBuffered("cam", 2.5);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void capturesTheLastSecondsAsAnMp4AtTheStreamsRateWithItsSidecar() throws Exception {
        HttpResponse<String> res = server.post("{\"stream\":\"cam\",\"label\":\"waving\",\"lastSeconds\":2}");
        assertEquals(201, res.statusCode(), res.body());
        JsonNode clip = CaptureServer.json(res);
        Path file = server.datasets.resolve("captures/waving").resolve(clip.get("file").asText());
        assertTrue(Files.isRegularFile(file), file.toString());
        CaptureServer.Decoded d = CaptureServer.Decoded.of(file);
        assertEquals(25.0, d.fps(), 0.01, "the stream's rate");
        assertEquals(clip.get("frames").asInt(), d.frames(), "every buffered frame is in the clip");
        assertTrue(d.frames() >= 46 && d.frames() <= 52, "about 2 s at 25 fps: " + d.frames());
        assertEquals(160, d.width());
        JsonNode sidecar = Json.MAPPER.readTree(file.resolveSibling(
                file.getFileName().toString().replace(".mp4", ".json")).toFile());
        assertEquals("cam", sidecar.get("stream").asText());
        assertEquals("colour", sidecar.get("modelName").asText());
        assertEquals("7", sidecar.get("modelVersion").asText());
        assertTrue(sidecar.get("end").asLong() - sidecar.get("start").asLong() >= 1800, sidecar.toString());
        assertEquals(d.frames() - 1, sidecar.get("lastFrame").asLong() - sidecar.get("firstFrame").asLong(),
                "consecutive frames: none lost between grabber and clip");
        assertTrue(sidecar.has("liveLabel"));
    }

    @Test
    void listsClipsPerDatasetAndLabelAndDeleteRemovesClipAndSidecar() throws Exception {
        JsonNode clip = CaptureServer.json(server.post(
                "{\"stream\":\"cam\",\"label\":\"boxing\",\"dataset\":\"mine\",\"lastSeconds\":1}"));
        String file = clip.get("file").asText();
        JsonNode listed = CaptureServer.json(server.get("/api/captures")).get("datasets").get("mine").get("boxing");
        assertEquals(file, listed.get(0).get("file").asText());

        HttpResponse<String> deleted = server.delete("/api/captures/mine/boxing/" + file);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertFalse(Files.exists(server.datasets.resolve("mine/boxing")), "the emptied label folder goes too");
        assertEquals(404, server.delete("/api/captures/mine/boxing/" + file).statusCode());
    }

    @Test
    void capturesAStartEndRangeAndWaitsForItsPostRoll() throws Exception {
        long now = System.currentTimeMillis();
        HttpResponse<String> res = server.post("{\"stream\":\"cam\",\"label\":\"jogging\",\"start\":" + (now - 1000)
                + ",\"end\":" + now + ",\"postRollSeconds\":1}");
        assertEquals(201, res.statusCode(), res.body());
        JsonNode clip = CaptureServer.json(res);
        assertTrue(clip.get("end").asLong() >= now + 900, "frames from after the request: " + clip);
        assertEquals(clip.get("frames").asInt(), CaptureServer.Decoded.of(server.datasets.resolve("captures/jogging")
                .resolve(clip.get("file").asText())).frames());
    }

    @Test
    void capturesExactlyTheFramesOfAFrameRangeAndRefusesOneOutsideTheBuffer() throws Exception {
        JsonNode cam = CaptureServer.json(server.get("/api/status")).get("capture").get("buffers").get(0);
        long first = cam.get("oldestFrame").asLong() + 3;
        HttpResponse<String> res = server.post("{\"stream\":\"cam\",\"label\":\"walking\",\"firstFrame\":" + first
                + ",\"lastFrame\":" + (first + 11) + "}");
        assertEquals(201, res.statusCode(), res.body());
        JsonNode clip = CaptureServer.json(res);
        assertEquals(first, clip.get("firstFrame").asLong());
        assertEquals(first + 11, clip.get("lastFrame").asLong());
        assertEquals(12, CaptureServer.Decoded.of(server.datasets.resolve("captures/walking")
                .resolve(clip.get("file").asText())).frames());

        HttpResponse<String> ahead = server.post("{\"stream\":\"cam\",\"label\":\"walking\",\"firstFrame\":"
                + (cam.get("newestFrame").asLong() + 100_000) + ",\"lastFrame\":" + (cam.get("newestFrame").asLong()
                + 100_010) + "}");
        assertEquals(422, ahead.statusCode(), ahead.body());
        assertTrue(ahead.body().contains("holds frames"), ahead.body());
        HttpResponse<String> both = server.post("{\"stream\":\"cam\",\"label\":\"walking\",\"lastSeconds\":1,"
                + "\"firstFrame\":1,\"lastFrame\":5}");
        assertEquals(400, both.statusCode(), both.body());
    }

    @Test
    void statusReportsEachStreamsBufferAndItsMemoryBound() throws Exception {
        JsonNode capture = CaptureServer.json(server.get("/api/status")).get("capture");
        assertEquals(16L << 20, capture.get("bufferBytesPerStream").asLong());
        JsonNode cam = capture.get("buffers").get(0);
        assertEquals("cam", cam.get("stream").asText());
        assertTrue(cam.get("bytes").asLong() > 0 && cam.get("bytes").asLong() <= cam.get("capacityBytes").asLong());
        assertTrue(cam.get("seconds").asDouble() >= 2.5, cam.toString());
    }

    @Test
    void rejectsUnknownStreamWith404NamingTheStreams() throws Exception {
        HttpResponse<String> res = server.post("{\"stream\":\"nope\",\"label\":\"x\",\"lastSeconds\":1}");
        assertEquals(404, res.statusCode());
        assertTrue(res.body().contains("cam"), res.body());
    }

    @Test
    void rejectsPathLikeEmptyLongAndControlCharacterLabelsWith400() throws Exception {
        for (String label : List.of("\"../x\"", "\"/\"", "\"a/b\"", "\"\"", "\".hidden\"", "\"a\\u0000b\"",
                "\"" + "x".repeat(65) + "\"", "\"..\"", "null")) {
            HttpResponse<String> res = server.post("{\"stream\":\"cam\",\"label\":" + label + ",\"lastSeconds\":1}");
            assertEquals(400, res.statusCode(), label + ": " + res.body());
            assertTrue(res.body().contains("label"), res.body());
        }
        HttpResponse<String> dataset = server.post(
                "{\"stream\":\"cam\",\"label\":\"ok\",\"dataset\":\"../../etc\",\"lastSeconds\":1}");
        assertEquals(400, dataset.statusCode(), dataset.body());
        assertNothingWritten();
    }

    @Test
    void rejectsMalformedBodiesWith400() throws Exception {
        for (String body : List.of("", "not json", "[]", "{\"stream\":\"cam\",\"label\":\"a\"}",
                "{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":1,\"start\":1,\"end\":2}",
                "{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":-1}",
                "{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":1,\"postRollSeconds\":3600}",
                "{\"stream\":\"cam\",\"label\":\"a\",\"lastSeconds\":1,\"colour\":1}")) {
            assertEquals(400, server.post(body).statusCode(), body);
        }
    }

    @Test
    void rejectsARangeOutsideTheBufferWith422() throws Exception {
        long now = System.currentTimeMillis();
        HttpResponse<String> before = server.post("{\"stream\":\"cam\",\"label\":\"old\",\"start\":" + (now - 3_600_000)
                + ",\"end\":" + (now - 3_599_000) + "}");
        assertEquals(422, before.statusCode(), before.body());
        assertTrue(before.body().contains("holds"), before.body());
        HttpResponse<String> after = server.post("{\"stream\":\"cam\",\"label\":\"future\",\"start\":" + (now + 60_000)
                + ",\"end\":" + (now + 61_000) + "}");
        assertEquals(422, after.statusCode(), after.body());
        assertFalse(Files.exists(server.datasets.resolve("captures/old")));
        assertFalse(Files.exists(server.datasets.resolve("captures/future")));
    }

    @Test
    void rejectsCaptureOfAReconnectingStreamWith409AndItsReason() throws Exception {
        HttpResponse<String> res = server.post("{\"stream\":\"door\",\"label\":\"x\",\"lastSeconds\":1}");
        assertEquals(409, res.statusCode(), res.body());
        String error = CaptureServer.json(res).get("error").asText();
        assertTrue(error.contains("reconnecting") && error.contains("refused"), error);
    }

    @Test
    void rejectsDeleteOfPathLikeNamesWith400() throws Exception {
        // An encoded slash is decoded before routing: more segments, so no route matches at all.
        assertEquals(404, server.delete("/api/captures/captures/..%2F..%2Fx/a.mp4").statusCode());
        assertEquals(400, server.delete("/api/captures/captures/waving/%2E%2E").statusCode());
        assertEquals(404, server.delete("/api/captures/captures/waving/none.mp4").statusCode());
    }

    private static void assertNothingWritten() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().contains("..") || p.getFileName().toString().equals("x")
                    || p.toString().contains("etc")), "no file outside the dataset folders");
        }
    }
}
