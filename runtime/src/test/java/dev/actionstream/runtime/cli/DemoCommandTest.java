package dev.actionstream.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.TestModels;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code demo}: the shipped model located under the installation, a clear message without it, the URL printed, and
 * serve's options and models folder with it.
 */
class DemoCommandTest {

    @TempDir
    Path home;

    @Test
    void explainsWhatToDoWhenTheShippedModelIsMissing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new DemoCommand(new ShippedModels(home))).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--port", "0");
        assertEquals(1, code);
        String expected = home.resolve("examples/models/lrcn-synthetic-live.onnx").toString();
        assertTrue(err.toString().contains("the shipped model " + expected + " is missing"), err.toString());
        assertTrue(err.toString().contains("--model FILE"), err.toString());
        assertFalse(out.toString().contains("Open http"), out.toString());
    }

    @Test
    void servesTheShippedModelAndPrintsTheUrlToOpen() throws Exception {
        Path models = Files.createDirectories(home.resolve("examples/models"));
        TestModels.colour(models.resolve("lrcn-synthetic-live.onnx"), "colour", "1", 4, 8, 8);
        DemoCommand demo = new DemoCommand(new ShippedModels(home));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(demo).setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--port", "0", "--source", "synthetic:64x48@25", "--execution-provider", "cpu"));
        int port = demo.awaitPort(30_000);
        try {
            assertTrue(port > 0, "demo did not start: " + out);
            String expected = "Open http://127.0.0.1:" + port + "/ in your browser (label events: ws://127.0.0.1:"
                    + port + "/ws)";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!out.toString().contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(out.toString().contains(expected), out.toString());
            assertTrue(out.toString().contains("lrcn-synthetic-live.onnx"), out.toString());
        } finally {
            demo.stop();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void swapsInAModelCopiedIntoItsModelsFolderWhileRunning() throws Exception {
        Path shippedDir = Files.createDirectories(home.resolve("examples/models"));
        TestModels.colour(shippedDir.resolve("lrcn-synthetic-live.onnx"), "colour", "1", 4, 8, 8);
        Path newer = TestModels.colour(home.resolve("colour-v2.onnx"), "colour", "2", 4, 8, 8);
        Path models = home.resolve("models");
        DemoCommand demo = new DemoCommand(new ShippedModels(home));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(demo).setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0",
                "--source", "synthetic:64x48@25", "--execution-provider", "cpu", "--models-dir", models.toString()));
        int port = demo.awaitPort(30_000);
        try {
            assertTrue(port > 0, "demo did not start: " + out);
            assertTrue(out.toString().contains("new models copied into " + models.toAbsolutePath() + " swap in"),
                    out.toString());
            Files.copy(newer, models.resolve("colour-v2.onnx"));
            HttpClient http = HttpClient.newHttpClient();
            JsonNode[] status = new JsonNode[1];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                Thread.sleep(50);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                status[0] = Json.MAPPER.readTree(r.body());
            } while (!"colour-v2.onnx".equals(status[0].path("model").path("key").asText())
                    && System.nanoTime() < deadline);
            assertEquals("colour-v2.onnx", status[0].path("model").path("key").asText(), status[0].toString());
            assertEquals("2", status[0].path("model").path("version").asText());
            assertEquals(1, status[0].path("modelSwaps").asLong());
        } finally {
            demo.stop();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void takesServesOptionsAndWatchesServesModelsFolderByDefault() {
        CommandLine cli = new CommandLine(new DemoCommand(new ShippedModels(home)));
        String help = cli.getUsageMessage();
        for (String option : List.of("--models-dir", "--config", "--loop", "--uploads", "--bind", "--stride")) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
        cli.parseArgs();
        ServeOptions options = (ServeOptions) cli.getCommandSpec().mixins().get("options").userObject();
        RuntimeConfig config = options.config(cli, DemoCommand.SYNTHETIC);
        assertEquals(RuntimeConfig.Models.defaults(), config.models());
        assertTrue(config.models().watch());
        assertEquals(List.of(DemoCommand.SYNTHETIC), config.streams().stream().map(RuntimeConfig.Stream::source).toList());
    }
}
