package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.pipeline.Pipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Each stream's effective window, in {@code /api/status} and on its card in real Chromium: a model trained on frames
 * 0.08 s apart sees 4 frames spanning 0.32 s of a 25 fps stream and of a 50 fps one alike.
 */
class LiveViewWindowBrowserTest {

    private static final String SEES = "the model sees 4 frames, 0.08 s apart (0.32 s of video)";

    @Test
    void statusAndCardsShowTheSameWindowInSecondsAt25And50Fps(@TempDir Path dir) throws Exception {
        Tools.require(Tool.CHROMIUM);
        List<RuntimeConfig.Stream> streams = List.of(
                new RuntimeConfig.Stream("slow", "synthetic:160x120@25", 1, false, true),
                new RuntimeConfig.Stream("fast", "synthetic:160x120@50", 1, false, true));
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false, streams, 2);
        Path model = TestModels.colourSampled(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8,
                WindowSampling.rate(12.5));
        Pipeline pipeline = new Pipeline(config, model);
        try (ServeAssembly serving = new ServeAssembly(pipeline, new LiveView(List.of("slow", "fast"),
                pipeline.metrics().registry()))) {
            serving.start();
            String base = "http://127.0.0.1:" + serving.server().port();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode[] status = new JsonNode[1];
            ViewTesting.await("both streams scoring", () -> {
                status[0] = read(http, base + "/api/status");
                int scoring = 0;
                for (JsonNode s : status[0].get("streams")) {
                    scoring += s.get("windowsScored").asLong() > 2 ? 1 : 0;
                }
                return scoring == 2;
            });
            for (JsonNode s : status[0].get("streams")) {
                JsonNode w = s.get("window");
                assertEquals(4, w.get("frames").asInt(), s.toString());
                assertEquals(0.08, w.get("intervalSeconds").asDouble(), 4e-3, s.toString());
                assertEquals(0.32, w.get("seconds").asDouble(), 16e-3, s.toString());
            }
            ChromeDriver browser = LiveViewBrowserTest.browser(dir.resolve("chromium-profile"));
            try {
                browser.get(base + "/");
                JavascriptExecutor js = browser;
                for (String stream : List.of("slow", "fast")) {
                    String card = "document.querySelector('[data-stream=\"" + stream + "\"]')";
                    ViewTesting.await(stream + "'s card to say " + SEES, () -> SEES.equals(js.executeScript(
                            "const c = " + card + "; return c ? c.querySelector('[data-role=sees]').textContent : null;")));
                }
            } finally {
                browser.quit();
            }
        }
    }

    private static JsonNode read(HttpClient http, String url) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.readTree(res.body());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + url + ": " + e, e);
        }
    }
}
