package dev.actionstream.runtime.cli;

import dev.actionstream.runtime.events.LabelEventSchema;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} in a real separate JVM, stopped by a real SIGTERM ({@link Process#destroy()}): the subscriber gets a
 * close frame saying the server is going away (1001), the process exits 0, and nothing is left half-written.
 */
class GracefulShutdownTest {

    private static final Pattern SERVING = Pattern.compile("on http://[^:]+:(\\d+) ");

    @TempDir
    Path dir;

    @Test
    void sigtermClosesSubscribersWithGoingAwayAndExitsZero() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path models = Files.createDirectories(dir.resolve("models"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.awt.headless=true", "-cp", testClassPath(),
                RuntimeCli.class.getName(), "serve", "--model", model.toString(),
                "--source", "cam=lavfi:color=c=blue:size=64x48:rate=25", "--port", "0",
                "--models-dir", models.toString(), "--execution-provider", "cpu");
        Path log = dir.resolve("serve.log");
        Process serve = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            int port = awaitPort(serve.getInputStream(), log);
            WsClient client = WsClient.connect(HttpClient.newHttpClient(), port, "/ws");
            List<String> messages = client.received;
            assertTrue(client.awaitReceived(5, Duration.ofSeconds(30)), "events before the signal: " + messages.size());

            serve.destroy();

            assertEquals(1001, client.closeCode.get(30, TimeUnit.SECONDS), "close frame: going away");
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "process still running after SIGTERM");
            String stderr = Files.readString(log);
            assertEquals(0, serve.exitValue(), stderr);
            assertTrue(stderr.contains("SIGTERM received"), stderr);
            assertTrue(stderr.contains("server stopped") && stderr.contains("pipeline closed"),
                    "the pipeline and its server closed in an orderly way: " + stderr);
            for (String m : messages) {
                assertEquals(0, LabelEventSchema.violations(m).size(), "complete, valid event: " + m);
            }
            try (Stream<Path> left = Files.list(models)) {
                List<Path> partial = left.filter(f -> !f.getFileName().toString().endsWith(".onnx")).toList();
                assertEquals(List.of(), partial, "no temporary files left in the models directory");
            }
        } finally {
            serve.destroyForcibly();
        }
    }

    /** Surefire runs tests from a manifest-only jar; the real class path is in its own property. */
    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    static int awaitPort(InputStream stdout, Path log) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("serve ended without serving"));
        }, "serve-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            synchronized (lines) {
                throw new AssertionError("serve did not start: " + lines + "\n" + Files.readString(log), e);
            }
        }
    }
}
