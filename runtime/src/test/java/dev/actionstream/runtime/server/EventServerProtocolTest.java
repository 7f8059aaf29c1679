package dev.actionstream.runtime.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.fixtures.WsClient;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.status.RuntimeStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue #21 item 3 and #20: HEAD, absolute-form targets, stream names, states on subscribe, metrics help, uploads. */
class EventServerProtocolTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = ServerTesting.registry();
    private final InMemoryModels models = new InMemoryModels();
    private final RuntimeStatus twoStreams = ServerTesting.status("running", "cam1", "door");
    private EventServer server;

    private void start() {
        server = ServerTesting.start(ServerTesting.config().withUploadsEnabled(true), () -> twoStreams, models,
                registry);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void headIsAnsweredLikeGetWithoutTheBody() throws Exception {
        start();
        HttpResponse<String> get = send(HttpRequest.newBuilder(uri("/api/status")).GET());
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/api/status"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(get.headers().firstValue("content-type"), head.headers().firstValue("content-type"));
        assertEquals(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length),
                head.headers().firstValue("content-length").orElseThrow());
    }

    @Test
    void headOfAStreamEndsAfterItsHead() throws Exception {
        start();
        server.router().get("/forever", ex -> {
            Channel ch = ex.context().channel();
            DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "multipart/x-mixed-replace; boundary=frame");
            ch.writeAndFlush(res);
            ch.eventLoop().scheduleAtFixedRate(() -> {
                if (ch.isActive()) {
                    ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("--frame\r\n", StandardCharsets.US_ASCII)));
                }
            }, 20, 20, TimeUnit.MILLISECONDS);
        });
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("HEAD /forever HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = RawWebSocket.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.contains("multipart/x-mixed-replace"), head);
            assertEquals(-1, s.getInputStream().read(), "no parts follow, and the connection ends");
        }
    }

    @Test
    void anAbsoluteFormTargetIsRoutedByItsPath() throws Exception {
        start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET http://127.0.0.1:" + server.port() + "/api/status?x=1 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = RawWebSocket.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            JsonNode body = Json.MAPPER.readTree(s.getInputStream().readAllBytes());
            assertEquals("cam1", body.get("streams").get(0).get("name").asText());
        }
    }

    @Test
    void anUnknownStreamIsRefusedWith404ListingTheKnownOnes() throws Exception {
        start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /ws?stream=cam1&stream=nope HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = RawWebSocket.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 404"), head);
            JsonNode body = Json.MAPPER.readTree(s.getInputStream().readAllBytes());
            assertTrue(body.get("error").asText().contains("nope"), body.toString());
            assertEquals("[\"cam1\",\"door\"]", body.get("streams").toString());
        }
        assertEquals(0, server.subscriberCount());
        WsClient known = WsClient.connect(http, server.port(), "/ws?stream=door");
        ServerTesting.await("known stream subscribed", () -> server.subscriberCount() == 1);
        known.abort();
    }

    @Test
    void aStatesSubscriberHearsEachStreamsCurrentStateAtOnce() throws Exception {
        start();
        WsClient ws = WsClient.connect(http, server.port(), "/ws?states=true&stream=door");
        JsonNode first = Json.MAPPER.readTree(ws.poll(Duration.ofSeconds(10)));
        assertEquals("stream-state", first.get("type").asText());
        assertEquals("door", first.get("stream").asText());
        assertEquals("running", first.get("state").asText());
        ws.abort();
    }

    @Test
    void everyMeterHasHelpText() throws Exception {
        new RuntimeMetrics(registry).stream("cam1");
        start();
        String body = send(HttpRequest.newBuilder(uri("/metrics")).GET()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.split(" ", 4);
                assertTrue(parts.length == 4 && !parts[3].isBlank(), "empty help: " + line);
            }
        }
        assertTrue(body.contains("# HELP actionstream_frames_in_total "), body);
    }

    @Test
    void curlsDefaultFormTypeIsTakenAsTheRawModel() throws Exception {
        start();
        byte[] bytes = model();
        // What `curl --data-binary @m.onnx` sends when no -H 'Content-Type' is given.
        HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/api/models?name=m.onnx"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertEquals(201, res.statusCode(), res.body());
        assertArrayEquals(bytes, models.bytesOf("m.onnx"));
    }

    @Test
    void anUploadIsHandedOverUnderTheUsersFileName() throws Exception {
        start();
        HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/api/models?name=junk.onnx"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("not a model")));
        assertEquals(422, res.statusCode());
        // The real loader names the file it was given in its reasons; that file must carry the user's name.
        assertEquals("junk.onnx", models.lastUploadPath().getFileName().toString());
        assertFalse(Files.exists(models.lastUploadPath()), "the upload is deleted after the answer");
    }

    private static byte[] model() {
        byte[] bytes = new byte[4_000];
        System.arraycopy(InMemoryModels.MAGIC, 0, bytes, 0, InMemoryModels.MAGIC.length);
        return bytes;
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
