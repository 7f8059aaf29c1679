package dev.actionstream.runtime.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.pipeline.Pipeline;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real serving runtime with captures (the colour test model on ONNX Runtime, the given streams through the real
 * pipeline, the real server) and a real HTTP client talking to it.
 */
final class CaptureServer implements AutoCloseable {

    final ServeAssembly serving;
    final Path datasets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    private CaptureServer(ServeAssembly serving, Path datasets, String token) {
        this.serving = serving;
        this.datasets = datasets;
        this.token = token;
    }

    static CaptureServer start(Path dir, List<RuntimeConfig.Stream> streams,
                               UnaryOperator<RuntimeConfig> adjust) throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "7", 4, 8, 8);
        Path datasets = dir.resolve("datasets");
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false, streams, 2)
                .withCapture(RuntimeConfig.Capture.defaults().withEnabled(true).withDir(datasets.toString()));
        config = adjust.apply(config);
        ServeAssembly serving = new ServeAssembly(new Pipeline(config, model));
        serving.start();
        return new CaptureServer(serving, datasets, config.server().authToken());
    }

    int port() {
        return serving.server().port();
    }

    HttpResponse<String> post(String json) throws Exception {
        return send(request("/api/captures").POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30));
        return token.isEmpty() ? b : b.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> res) throws Exception {
        return Json.MAPPER.readTree(res.body());
    }

    /** Waits until {@code stream}'s buffer holds at least {@code seconds}. */
    void awaitBuffered(String stream, double seconds) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode b : json(get("/api/captures")).get("buffers")) {
                if (b.get("stream").asText().equals(stream) && b.get("seconds").asDouble() >= seconds) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(stream + "'s buffer never held " + seconds + " s");
    }

    /** Frames FFmpeg decodes from {@code clip}, and the frame rate its container declares. */
    record Decoded(int frames, double fps, int width, int height) {
        static Decoded of(Path clip) throws Exception {
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
                g.start();
                int n = 0;
                while (g.grabImage() != null) {
                    n++;
                }
                Decoded d = new Decoded(n, g.getFrameRate(), g.getImageWidth(), g.getImageHeight());
                g.stop();
                return d;
            }
        }
    }

    @Override
    public void close() {
        serving.close();
    }
}
