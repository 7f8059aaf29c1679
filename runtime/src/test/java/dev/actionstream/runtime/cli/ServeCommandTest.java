package dev.actionstream.runtime.cli;

import dev.actionstream.runtime.events.LabelEventSchema;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} end to end: real sources, real server, a real WebSocket client. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesSchemaValidLabelEventsStatusAndMetrics() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--model", model.toString(),
                "--source", "cam=lavfi:color=c=blue:size=64x48:rate=25",
                "--source", "synthetic:64x48@25",
                "--port", "0", "--models-dir", dir.resolve("models").toString(),
                "--execution-provider", "cpu"));
        int port = serve.awaitPort(30_000);
        assertTrue(port > 0, "serve did not start: " + out);
        HttpClient http = HttpClient.newHttpClient();
        WsClient ws = WsClient.connect(http, port, "/ws");
        List<String> messages = ws.received;
        try {
            assertTrue(ws.awaitReceived(6, Duration.ofSeconds(30)), "events received: " + messages.size());
            for (String m : messages) {
                assertEquals(0, LabelEventSchema.violations(m).size(), m + ": " + LabelEventSchema.violations(m));
            }
            assertTrue(messages.stream().anyMatch(m -> m.contains("\"stream\":\"cam\"") && m.contains("\"label\":\"blue\"")),
                    messages.toString());
            String status = get(http, port, "/api/status");
            assertTrue(status.contains("\"cam\"") && status.contains("\"stream1\"") && status.contains("running"), status);
            String metrics = get(http, port, "/metrics");
            assertTrue(metrics.contains("actionstream_frames_in_total{stream=\"cam\"}"), metrics);
            assertTrue(metrics.contains("actionstream_inference_seconds_bucket"), metrics);
        } finally {
            ws.abort();
            serve.stop();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void refusesToStartWithoutSources() {
        CommandLine cli = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--model", dir.resolve("m.onnx").toString(), "--port", "0");
        assertEquals(2, code);
        assertTrue(err.toString().contains("no streams"), err.toString());
    }

    @Test
    void reportsAnUnusableModelAndExits() throws Exception {
        Path bad = TestModels.withoutMetadata(dir.resolve("bare.onnx"), 4, 8, 8);
        CommandLine cli = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--model", bad.toString(), "--source", "synthetic", "--port", "0",
                "--models-dir", dir.toString(), "--execution-provider", "cpu");
        assertEquals(1, code);
        assertTrue(err.toString().contains("no 'actionstream.spec' metadata"), err.toString());
        assertTrue(err.toString().contains("nothing to serve"), err.toString());
    }

    @Test
    void exitsWithReasonsWhenEveryFileSourceIsMissingOrNotAVideo() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all\n");
        CommandLine cli = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cli.setErr(new PrintWriter(err, true)).setOut(new PrintWriter(out, true));
        int code = cli.execute("--source", "gone=" + dir.resolve("missing.mp4"), "--source", "notes=" + text,
                "--port", "0", "--models-dir", dir.toString(), "--execution-provider", "cpu");
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("stream gone cannot serve: cannot open file:" + dir.resolve("missing.mp4") + ": no such file"), err.toString());
        assertTrue(err.toString().contains("stream notes cannot serve: cannot open file:" + text + ": not a video file"), err.toString());
        assertTrue(err.toString().contains("nothing to serve"), err.toString());
        assertFalse(out.toString().contains("serving"), out.toString());
    }

    @Test
    void servesTheUsableStreamsAndSaysHowManyOfAll() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        ServeCommand serve = new ServeCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(serve).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--model", model.toString(),
                "--source", "gone=" + dir.resolve("missing.mp4"), "--source", "synthetic:64x48@25",
                "--port", "0", "--models-dir", dir.resolve("models").toString(), "--execution-provider", "cpu"));
        try {
            assertTrue(serve.awaitPort(30_000) > 0, "serve did not start: " + out + err);
            assertTrue(out.toString().contains("serving 1 of 2 streams"), out.toString());
            assertTrue(err.toString().contains("stream gone cannot serve: cannot open file:" + dir.resolve("missing.mp4") + ": no such file"), err.toString());
        } finally {
            serve.stop();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }
}
