package dev.actionstream.runtime.episodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.pipeline.Pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real serving runtime whose episodes are known in advance: the colour test model on a stream that is red for two
 * seconds, blue for two, and so on (an FFmpeg test pattern), so each colour is an episode of about 2 s.
 */
final class EpisodeServer implements AutoCloseable {

    /** Red, then blue from t = 2 s to 4 s, and again: every label lasts 2 s. */
    static final String ALTERNATING = "lavfi:color=c=red:size=64x48:rate=25,"
            + "drawbox=x=0:y=0:w=64:h=48:color=blue:t=fill:enable='gt(mod(t,4),2)'";

    final ServeAssembly serving;
    final RuntimeConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EpisodeServer(ServeAssembly serving, RuntimeConfig config) {
        this.serving = serving;
        this.config = config;
    }

    /** Episodes start after 0.3 s, end after a 0.3 s gap, are updated every 0.5 s. */
    static RuntimeConfig config(Path dir, String... streams) {
        List<RuntimeConfig.Stream> list = new java.util.ArrayList<>();
        for (String s : streams) {
            list.add(new RuntimeConfig.Stream(s, ALTERNATING, 1, false, true));
        }
        RuntimeConfig c = TestRuntime.config(dir.resolve("models"), false, list, 2);
        RuntimeConfig.Episodes e = c.episodes().withDebounce(0.3, 0.3);
        e = new RuntimeConfig.Episodes(true, e.minSeconds(), e.gapSeconds(), 0.5, e.dataDir(), e.retentionDays(),
                e.maxEpisodes(), e.clips(), e.preRollSeconds(), e.postRollSeconds(), e.maxClipSeconds(),
                e.clipBudgetBytes());
        return c.withEpisodes(e);
    }

    static EpisodeServer start(Path dir, UnaryOperator<RuntimeConfig> adjust, String... streams) throws Exception {
        Path model = dir.resolve("colour.onnx");
        if (!model.toFile().exists()) {
            TestModels.colour(model, "colour", "7", 4, 8, 8);
        }
        RuntimeConfig config = adjust.apply(config(dir, streams));
        ServeAssembly serving = new ServeAssembly(new Pipeline(config, model));
        serving.start();
        return new EpisodeServer(serving, config);
    }

    int port() {
        return serving.server().port();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return http;
    }

    static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    @Override
    public void close() {
        serving.close();
    }
}
