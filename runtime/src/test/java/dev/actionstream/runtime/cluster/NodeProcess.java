package dev.actionstream.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One runtime node, {@code actionstream serve --cluster}, as a process of its own on this test's classpath: killed
 * with SIGKILL ({@link #kill}), asked what it serves over its own API ({@link #served}).
 */
final class NodeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String id;
    final int port;
    private final Path log;
    private final Process process;

    private NodeProcess(String id, int port, Path log, Process process) {
        this.id = id;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static NodeProcess start(String id, String bootstrap, int port, Path dir, Path model) {
        try {
            Path home = Files.createDirectories(dir.resolve(id + "-" + port));
            Path models = Files.createDirectories(home.resolve("models"));
            Path log = home.resolve("node.log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.awt.headless=true", "-cp", classpath, "dev.actionstream.runtime.cli.RuntimeCli",
                    "serve", "--cluster", bootstrap, "--node-id", id, "--model", model.toString(),
                    "--models-dir", models.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--execution-provider", "cpu"));
            Process p = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new NodeProcess(id, port, log, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The streams this node's status lists, or null when it does not answer. */
    Set<String> served() {
        JsonNode status = get("/api/status");
        if (status == null) {
            return null;
        }
        Set<String> names = new TreeSet<>();
        status.get("streams").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.uri(URI.create("http://127.0.0.1:" + port + "/api/streams"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no goodbye to the group, the session has to time out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
