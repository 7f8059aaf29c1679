package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.synth.SyntheticLiveSource;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live view in a real browser: Debian's headless Chromium (driven through chromedriver by Selenium) against a
 * real event server with the live view, fed by the synthetic source on a grabber-like thread; label events carry the
 * synthetic ground truth and go out over the real WebSocket fan-out. Saves {@code target/live-view.png}; with
 * {@code -Dactionstream.docs.screenshot=true} also {@code ../docs/live-view.png} for the README.
 */
class LiveViewBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final List<String> STREAMS = List.of("entrance", "lobby");
    /** Selenium warns that it has no DevTools bindings for this Chromium; WebDriver itself does not need them. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    @Test
    void pageShowsVideoAndTheLatestWebSocketLabel(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        try (ViewTesting t = new ViewTesting(STREAMS, ViewSettings.defaults(), 256 << 10)) {
            List<SyntheticFeeder> feeders = List.of(
                    t.feed(new SyntheticFeeder("entrance", new SyntheticLiveSource.Settings(320, 240, 25, 11, 2, 4),
                            t.view, t.view.labelsThen(t.server.sink()), 5)),
                    t.feed(new SyntheticFeeder("lobby", new SyntheticLiveSource.Settings(320, 240, 25, 12, 2, 4),
                            t.view, t.view.labelsThen(t.server.sink()), 5)));
            LatestEvents ws = LatestEvents.connect(t.port());
            ChromeDriver browser = browser(profile);
            try {
                browser.get("http://127.0.0.1:" + t.port() + "/");
                JavascriptExecutor js = browser;
                for (String stream : STREAMS) {
                    String card = "document.querySelector('[data-stream=\"" + stream + "\"]')";
                    ViewTesting.await("video frames of " + stream + " in the page", () -> asLong(js.executeScript(
                            "const c = " + card + "; return c ? c.querySelector('img').naturalWidth : 0;")) == 320);
                    ViewTesting.await("the page to notice the video of " + stream, () -> Boolean.TRUE.equals(
                            js.executeScript("return " + card + ".querySelector('[data-role=novideo]').hidden;")));
                    ViewTesting.await("a label for " + stream, () -> js.executeScript(
                            "const c = " + card + "; return c ? c.dataset.sequence : null;") != null);
                }
                // Let the labels settle, so "the latest event" is one well-defined event per stream.
                feeders.forEach(SyntheticFeeder::pauseEvents);
                for (String stream : STREAMS) {
                    String card = "document.querySelector('[data-stream=\"" + stream + "\"]')";
                    ViewTesting.await("the page to show the WebSocket's latest " + stream + " event", () -> {
                        JsonNode latest = ws.latest(stream);
                        Object shown = js.executeScript("return " + card + ".dataset.sequence;");
                        return latest != null && String.valueOf(latest.get("sequence").asLong()).equals(shown)
                                && latest.get("sequence").asLong() == t.view.latestLabel(stream).sequence();
                    });
                    JsonNode latest = ws.latest(stream);
                    assertEquals(latest.get("label").asText(), js.executeScript(
                            "return " + card + ".querySelector('[data-role=label]').textContent;"));
                    assertEquals(latest.get("label").asText(), js.executeScript(
                            "return " + card + ".dataset.label;"));
                    assertEquals(latest.get("label").asText(), t.view.latestLabel(stream).label(),
                            "the overlay drawn into the video has the same label");
                }
                ViewTesting.await("the active model in the header", () -> "synthetic-truth.onnx".equals(
                        js.executeScript("return document.getElementById('model-name').textContent;")));
                assertEquals("1", js.executeScript("return document.getElementById('model-version').textContent;"));
                assertEquals("CPU", js.executeScript("return document.getElementById('provider').textContent;"));
                assertEquals("synthetic-truth v1 on CPU", js.executeScript("return document.querySelector("
                        + "'[data-stream=entrance] [data-role=scored-by]').textContent;"));
                Thread.sleep(400); // one more overlay frame with the settled label, for the picture
                byte[] png = browser.getScreenshotAs(OutputType.BYTES);
                Path artifact = Path.of("target", "live-view.png");
                Files.createDirectories(artifact.getParent());
                Files.write(artifact, png);
                assertTrue(png.length > 10_000, "a real screenshot, not a blank page: " + png.length + " bytes");
                if (Boolean.getBoolean("actionstream.docs.screenshot")) {
                    Path docs = Path.of("..", "docs", "live-view.png");
                    Files.createDirectories(docs.getParent());
                    Files.copy(artifact, docs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                browser.quit();
                ws.close();
            }
        }
    }

    private static ChromeDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
        // An explicit driver: Selenium Manager must never try to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    private static long asLong(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** A real WebSocket client keeping the latest event (highest sequence) per stream. */
    static final class LatestEvents implements WebSocket.Listener {
        private final Map<String, JsonNode> latest = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static LatestEvents connect(int port) {
            LatestEvents events = new LatestEvents();
            events.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), events)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            return events;
        }

        JsonNode latest(String stream) {
            return latest.get(stream);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode e = Json.MAPPER.readTree(partial.toString());
                    latest.merge(e.get("stream").asText(), e,
                            (a, b) -> b.get("sequence").asLong() > a.get("sequence").asLong() ? b : a);
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }
}
