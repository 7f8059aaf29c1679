package dev.actionstream.runtime.server;

import dev.actionstream.runtime.fixtures.WsClient;
import static dev.actionstream.runtime.server.ServerTesting.counter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.TestEvents;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.status.RuntimeStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST API, metrics and HTTP-level protections over real sockets. */
class EventServerApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = ServerTesting.registry();
    private final InMemoryModels models = new InMemoryModels();
    private EventServer server;

    private void start(RuntimeConfig.Server config) {
        server = ServerTesting.start(config, models, registry);
    }

    private RuntimeConfig.Server uploadsOn() {
        return ServerTesting.config().withUploadsEnabled(true);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postRaw(String pathAndQuery, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] model(int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(InMemoryModels.MAGIC, 0, bytes, 0, InMemoryModels.MAGIC.length);
        for (int i = InMemoryModels.MAGIC.length; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    private static String error(HttpResponse<String> res) throws Exception {
        assertEquals("application/json", res.headers().firstValue("content-type").orElse(null));
        return Json.MAPPER.readTree(res.body()).get("error").asText();
    }

    @Test
    void statusIsTheRuntimeSnapshotAsJson() throws Exception {
        start(ServerTesting.config());
        HttpResponse<String> res = get("/api/status");
        assertEquals(200, res.statusCode());
        assertEquals("application/json", res.headers().firstValue("content-type").orElseThrow());
        assertEquals(ServerTesting.status(), Json.MAPPER.readValue(res.body(), RuntimeStatus.class));
    }

    @Test
    void modelsListsWhatModelControlHas() throws Exception {
        start(ServerTesting.config());
        HttpResponse<String> res = get("/api/models");
        assertEquals(200, res.statusCode());
        List<ModelInfo> listed = Json.MAPPER.readValue(res.body(), new TypeReference<>() { });
        assertEquals(models.models(), listed);
    }

    @Test
    void activateAnswers200ForAKnownModel404ForAnUnknownOne422WhenRejected() throws Exception {
        start(ServerTesting.config());
        HttpRequest.BodyPublisher none = HttpRequest.BodyPublishers.noBody();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri("/api/models/base.onnx/activate"))
                .POST(none).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(Json.MAPPER.readValue(ok.body(), ModelInfo.class).active());

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("/api/models/nope.onnx/activate"))
                .POST(none).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertTrue(error(missing).contains("nope.onnx"));

        HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(uri("/api/models/broken.onnx/activate"))
                .POST(none).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, rejected.statusCode());
        assertTrue(error(rejected).contains("failed validation"));
    }

    @Test
    void unknownPathsAnswer404JsonAndWrongMethods405() throws Exception {
        start(ServerTesting.config());
        HttpResponse<String> res = get("/nothing/here");
        assertEquals(404, res.statusCode());
        assertTrue(error(res).contains("/nothing/here"));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri("/api/status")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, wrong.statusCode());
        assertEquals("GET, HEAD", wrong.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void largeBodiesOutsideUploadsAreAnswered413Json() throws Exception {
        start(ServerTesting.config());
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri("/api/models/base.onnx/activate"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[EventServerInitializer.MAX_REQUEST_BYTES + 1]))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, res.statusCode());
        assertTrue(error(res).contains("request body over"));
    }

    @Test
    void addedRoutesAreServed() throws Exception {
        start(ServerTesting.config());
        server.router().get("/streams/{name}/hello", ex -> ex.respond(HttpResponses.text(
                io.netty.handler.codec.http.HttpResponseStatus.OK, "text/plain", "hi " + ex.pathParam("name"))));
        HttpResponse<String> res = get("/streams/cam1/hello");
        assertEquals(200, res.statusCode());
        assertEquals("hi cam1", res.body());
    }

    @Test
    void metricsIsPrometheusTextWithTheServerMeters() throws Exception {
        start(ServerTesting.config());
        WsClient subscriber = WsClient.connect(http, server.port(), "/ws");
        ServerTesting.await("subscriber", () -> server.subscriberCount() == 1);
        server.sink().onLabel(TestEvents.event("cam1", 1));
        subscriber.next();

        HttpResponse<String> res = get("/metrics");
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        Pattern sample = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? -?([0-9.eE+-]+|NaN|\\+Inf|-Inf)( [0-9]+)?");
        for (String line : res.body().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                assertTrue(sample.matcher(line).matches(), "not a Prometheus sample line: " + line);
            }
        }
        String body = res.body();
        assertTrue(body.contains("# TYPE actionstream_ws_subscribers gauge"), body);
        assertTrue(body.contains("actionstream_ws_subscribers 1.0"), body);
        assertTrue(body.contains("actionstream_ws_messages_sent_total 1.0"), body);
        assertTrue(body.contains("actionstream_ws_messages_dropped_total 0.0"), body);
        assertTrue(body.contains("actionstream_ws_subscribers_disconnected_total{reason=\"stuck\"} 0.0"), body);
        assertTrue(body.contains("actionstream_http_connections_refused_total 0.0"), body);
        assertTrue(body.contains("actionstream_http_auth_failures_total 0.0"), body);
    }

    @Test
    void tokenGuardsTheApiAndMetrics() throws Exception {
        start(ServerTesting.config().withAuthToken("t0ken"));
        for (String path : List.of("/api/status", "/api/models", "/metrics", "/nothing")) {
            HttpResponse<String> missing = get(path);
            assertEquals(401, missing.statusCode(), path);
            assertTrue(error(missing).contains("token"));
        }
        assertEquals(401, get("/api/status", "Authorization", "Bearer wrong").statusCode());
        assertEquals(401, get("/api/status?token=wrong").statusCode());
        assertEquals(200, get("/api/status", "Authorization", "Bearer t0ken").statusCode());
        assertEquals(200, get("/metrics?token=t0ken").statusCode());
        assertEquals(6.0, counter(registry, "actionstream.http.auth.failures"));
    }

    @Test
    void uploadsAreRefusedWith403WhenDisabled() throws Exception {
        start(ServerTesting.config());
        HttpResponse<String> res = postRaw("/api/models?name=new.onnx", model(100));
        assertEquals(403, res.statusCode());
        assertTrue(error(res).contains("disabled"));
        assertTrue(models.installNames().isEmpty());
    }

    @Test
    void aRawUploadIsInstalledAndAnswered201() throws Exception {
        start(uploadsOn());
        byte[] bytes = model(200_000);
        HttpResponse<String> res = postRaw("/api/models?name=new.onnx", bytes);
        assertEquals(201, res.statusCode(), res.body());
        ModelInfo info = Json.MAPPER.readValue(res.body(), ModelInfo.class);
        assertEquals("new.onnx", info.name());
        assertArrayEquals(bytes, models.bytesOf("new.onnx"));
        assertFalse(java.nio.file.Files.exists(models.lastUploadPath()), "the temporary upload file is deleted");
    }

    @Test
    void aMultipartUploadIsInstalledAndAnswered201() throws Exception {
        start(uploadsOn());
        byte[] bytes = model(50_000);
        String boundary = "----actionstream" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"; "
                + "filename=\"multi.onnx\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri("/api/models"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(201, res.statusCode(), res.body());
        assertArrayEquals(bytes, models.bytesOf("multi.onnx"));
        assertFalse(java.nio.file.Files.exists(models.lastUploadPath()), "the spooled part is deleted");
    }

    @Test
    void pathTraversalNamesAreReducedToTheirBaseNameOrRefused() throws Exception {
        start(uploadsOn());
        HttpResponse<String> res = postRaw("/api/models?name=..%2F..%2Fetc%2Fevil.onnx", model(100));
        assertEquals(201, res.statusCode(), res.body());
        assertEquals(List.of("evil.onnx"), models.installNames());

        HttpResponse<String> dots = postRaw("/api/models?name=..", model(100));
        assertEquals(400, dots.statusCode());
        HttpResponse<String> script = postRaw("/api/models?name=x.onnx%00.sh", model(100));
        assertEquals(400, script.statusCode());
        assertTrue(error(script).contains("bad model file name"));
        assertEquals(List.of("evil.onnx"), models.installNames(), "refused names never reach ModelControl");
    }

    @Test
    void aRejectedModelIsAnswered422() throws Exception {
        start(uploadsOn());
        HttpResponse<String> res = postRaw("/api/models?name=junk.onnx",
                "this is not a model".getBytes(StandardCharsets.US_ASCII));
        assertEquals(422, res.statusCode());
        assertTrue(error(res).contains("not a loadable ONNX model"));
        assertNull(models.bytesOf("junk.onnx"));
    }

    @Test
    void uploadsOverTheLimitAreAnswered413() throws Exception {
        start(uploadsOn());
        long limit = ServerTesting.config().maxUploadBytes();
        // Declared too large: refused from the head alone, before the body is sent.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/models?name=big.onnx HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (limit + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = RawWebSocket.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
        }
        // Chunked, so the size is only known while reading: refused once it passes the limit.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/models?name=big.onnx HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            InputStream in = s.getInputStream();
            String head = null;
            try {
                for (long sent = 0; sent <= limit + chunk.length; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (java.io.IOException e) {
                // The server may close while we are still sending; its answer is already on the way.
            }
            head = RawWebSocket.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
        }
        assertTrue(models.installNames().isEmpty());
    }

    @Test
    void anUploadExpecting100ContinueIsInvitedThenInstalled() throws Exception {
        start(uploadsOn());
        byte[] bytes = model(5_000);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/models HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Disposition: attachment; filename=\"curl.onnx\"\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String interim = RawWebSocket.readHead(s.getInputStream());
            assertTrue(interim.startsWith("HTTP/1.1 100 Continue"), interim);
            out.write(bytes);
            out.flush();
            String head = RawWebSocket.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 201"), head);
        }
        assertArrayEquals(bytes, models.bytesOf("curl.onnx"));
    }

    @Test
    void connectionsOverTheCapAreRefusedWith503() throws Exception {
        RuntimeConfig.Server c = ServerTesting.config();
        start(new RuntimeConfig.Server(c.bind(), 0, "", List.of(), false, c.maxUploadBytes(),
                c.subscriberBufferBytes(), c.stuckSubscriberMillis(), 2));
        try (RawWebSocket one = RawWebSocket.open(server.port(), "/ws", java.util.Map.of(), 0);
             RawWebSocket two = RawWebSocket.open(server.port(), "/ws", java.util.Map.of(), 0)) {
            assertEquals(101, one.status);
            assertEquals(101, two.status);
            try (RawWebSocket three = RawWebSocket.open(server.port(), "/ws", java.util.Map.of(), 0)) {
                assertEquals(503, three.status);
                assertTrue(three.responseHead.contains("application/json"));
            }
        }
        assertEquals(1.0, counter(registry, "actionstream.http.connections.refused"));
        ServerTesting.await("slots freed", () -> registry.find("actionstream.http.connections").gauge().value() == 0);
        assertEquals(200, get("/api/status").statusCode());
    }

    @Test
    void startFailsClearlyWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            RuntimeConfig.Server config = ServerTesting.config().withPort(taken.getLocalPort());
            EventServer second = new EventServer(config, ServerTesting::status, models, registry);
            IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            second.close();
        }
    }

    @Test
    void keepAliveConnectionsServeSeveralRequests() throws Exception {
        start(ServerTesting.config());
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write("GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String head = RawWebSocket.readHead(s.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *([0-9]+).*", "$1"));
                JsonNode status = Json.MAPPER.readTree(s.getInputStream().readNBytes(length));
                assertEquals("cam1", status.get("streams").get(0).get("name").asText());
            }
        }
    }
}
