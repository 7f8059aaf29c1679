package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.models.ModelInfo;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live view in a real browser, end to end: a real runtime ({@link Pipeline} scoring the synthetic live source and
 * an FFmpeg test pattern on ONNX Runtime with the shipped model, or the colour test model before one ships; its
 * {@link EventServer}; the live view's routes) and Debian's headless Chromium driven through chromedriver by
 * Selenium. Saves {@code target/live-view.png}; with {@code -Dactionstream.docs.screenshot=true} also
 * {@code ../docs/live-view.png} for the README.
 */
class LiveViewBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHIPPED_MODEL = Path.of("..", "examples", "models", "lrcn-synthetic-live.onnx");
    static final List<RuntimeConfig.Stream> STREAMS = List.of(
            new RuntimeConfig.Stream("entrance", "synthetic:320x240@25", 1, false, true),
            new RuntimeConfig.Stream("lobby", "lavfi:testsrc2=size=320x240:rate=25,realtime", 1, false, true));
    /** Selenium warns that it has no DevTools bindings for this Chromium; WebDriver itself does not need them. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    @Test
    void pageShowsVideoAndTheLatestWebSocketLabel(@TempDir Path dir) throws Exception {
        Tools.require(Tool.CHROMIUM);
        // The shipped live model (what the demo serves) when it is there (the README's screenshot then shows real
        // action labels); otherwise the colour test model: either way a real model on ONNX Runtime produces the labels.
        Path model = Files.isRegularFile(SHIPPED_MODEL) ? SHIPPED_MODEL
                : TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        RuntimeConfig config = TestRuntime.config(dir, false, STREAMS, 4);
        Pipeline pipeline = new Pipeline(config, model);
        LiveView view = new LiveView(STREAMS.stream().map(RuntimeConfig.Stream::name).toList(),
                pipeline.metrics().registry());
        ServeAssembly serving = new ServeAssembly(pipeline, view);
        OverlayLines overlay = new OverlayLines();
        view.observeOverlay(overlay);
        try {
            serving.start();
            EventServer server = serving.server();
            LatestEvents ws = LatestEvents.connect(server.port());
            ChromeDriver browser = browser(dir.resolve("chromium-profile"));
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                JavascriptExecutor js = browser;
                List<String> labels = pipeline.registry().active().info(true).labels();
                for (RuntimeConfig.Stream stream : STREAMS) {
                    String card = "document.querySelector('[data-stream=\"" + stream.name() + "\"]')";
                    ViewTesting.await("video frames of " + stream.name() + " in the page", () -> asLong(
                            js.executeScript("const c = " + card + "; return c ? c.querySelector('img').naturalWidth"
                                    + " : 0;")) == 320);
                    ViewTesting.await("the page to notice the video of " + stream.name(), () -> Boolean.TRUE.equals(
                            js.executeScript("return " + card + ".querySelector('[data-role=novideo]').hidden;")));
                    // Events keep coming: wait for a moment when the page shows the event the test's own WebSocket
                    // client received last, then compare what the page shows with that event.
                    JsonNode[] same = new JsonNode[1];
                    Object[] shown = new Object[1];
                    ViewTesting.await("the page to show the latest WebSocket event of " + stream.name(), () -> {
                        JsonNode latest = ws.latest(stream.name());
                        Object page = js.executeScript("const c = " + card + "; return c.dataset.sequence ? "
                                + "[c.dataset.sequence, c.dataset.label, "
                                + "c.querySelector('[data-role=label]').textContent] : null;");
                        if (latest != null && page instanceof List<?> p
                                && String.valueOf(latest.get("sequence").asLong()).equals(p.get(0))) {
                            same[0] = latest;
                            shown[0] = p;
                            return true;
                        }
                        return false;
                    });
                    List<?> page = (List<?>) shown[0];
                    String label = same[0].get("label").asText();
                    boolean unknown = LabelEvent.UNKNOWN.equals(label);
                    assertTrue(labels.contains(label) || LabelEvent.UNCERTAIN.equals(label) || unknown, label);
                    assertEquals(label, page.get(1), "data-label of the card");
                    assertEquals(unknown ? OverlayPainter.UNKNOWN_TITLE : label, page.get(2), "the label text shown");
                }
                if (pipeline.registry().active().scoresUnknown()) {
                    unknownTestPatternInPageAndOverlay(js, ws, overlay);
                }
                ModelInfo active = pipeline.registry().active().info(true);
                ViewTesting.await("the active model in the header", () -> active.name().equals(
                        js.executeScript("return document.getElementById('model-name').textContent;")));
                assertEquals(active.version(),
                        js.executeScript("return document.getElementById('model-version').textContent;"));
                assertEquals("CPU", js.executeScript("return document.getElementById('provider').textContent;"));
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
        } finally {
            serving.close();
        }
    }

    /**
     * The test pattern ({@code lobby}) is unlike anything the shipped model was trained on: once its label is
     * {@code unknown}, the page says so in words, in the neutral colour, and the MJPEG overlay draws the same label
     * as the panel; the synthetic figures ({@code entrance}) keep an action, in the overlay as in the panel.
     */
    private static void unknownTestPatternInPageAndOverlay(JavascriptExecutor js, LatestEvents ws,
                                                           OverlayLines overlay) throws InterruptedException {
        String lobby = "document.querySelector('[data-stream=\"lobby\"]')";
        ViewTesting.await("the test pattern labelled unknown", () -> {
            JsonNode latest = ws.latest("lobby");
            return latest != null && LabelEvent.UNKNOWN.equals(latest.get("label").asText());
        });
        JsonNode event = ws.latest("lobby");
        assertEquals(false, event.get("known").asBoolean());
        assertTrue(event.get("oodScore").isNumber(), event.toString());
        ViewTesting.await("the page to show the unknown label", () -> OverlayPainter.UNKNOWN_TITLE.equals(
                js.executeScript("return " + lobby + ".querySelector('[data-role=label]').textContent;")));
        assertEquals("— " + OverlayPainter.UNKNOWN_DETAIL,
                js.executeScript("return " + lobby + ".querySelector('[data-role=confidence]').textContent;"));
        assertEquals("rgb(155, 183, 212)", js.executeScript("return getComputedStyle(" + lobby
                + ".querySelector('[data-role=label]')).color;"), "the neutral colour, not an action's green");
        ViewTesting.await("the overlay to draw the unknown label", () ->
                OverlayPainter.UNKNOWN_TITLE.toUpperCase().equals(overlay.headline("lobby")));
        assertEquals(OverlayPainter.UNKNOWN_DETAIL, overlay.detail("lobby"));
        // The overlay says what the panel says, for the known stream too.
        String entrance = "document.querySelector('[data-stream=\"entrance\"]')";
        ViewTesting.await("the overlay and the panel of the synthetic stream to agree", () -> {
            Object shown = js.executeScript("return " + entrance + ".querySelector('[data-role=label]').textContent;");
            return shown instanceof String text && !text.equals(OverlayPainter.UNKNOWN_TITLE)
                    && text.toUpperCase().equals(overlay.headline("entrance"));
        });
    }

    /** The overlay's latest headline and detail per stream (the strip, drawn first, names the stream). */
    static final class OverlayLines implements OverlayText {
        private final Map<String, String> headlines = new ConcurrentHashMap<>();
        private final Map<String, String> details = new ConcurrentHashMap<>();
        private String stream = "";

        @Override
        public void drawn(Role role, char[] chars, int offset, int length, int x, int top, int width, int height) {
            String text = new String(chars, offset, length);
            switch (role) {
                case STRIP -> stream = text.split(" · ", 2)[0];
                case HEADLINE -> headlines.put(stream, text);
                case DETAIL -> details.put(stream, text);
                default -> { }
            }
        }

        String headline(String name) {
            return headlines.get(name);
        }

        String detail(String name) {
            return details.get(name);
        }
    }

    static ChromeDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
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

    /** A real WebSocket client keeping the latest label event (highest sequence) per stream. */
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
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
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
