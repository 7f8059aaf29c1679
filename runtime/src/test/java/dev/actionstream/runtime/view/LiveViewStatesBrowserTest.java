package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.status.StreamStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Streams that are not running, in a real browser and in the MJPEG overlay: a real runtime serving a running
 * synthetic stream, an RTSP camera on a closed local port (reconnecting), a text file (failed) and a two-second real
 * video that is not looped (ended), with Debian's headless Chromium. Each card must say its state and why, never the
 * green "waiting" of a healthy stream, and the overlay must draw the label the panel shows. Saves
 * {@code target/live-view-states.png}; with {@code -Dactionstream.docs.screenshot=true} also
 * {@code ../docs/live-view-states.png}.
 */
class LiveViewStatesBrowserTest {

    static final Path VTEST = Tools.OPENCV_DOC_DATA.resolve("vtest.avi");

    @Test
    void eachStreamShowsItsStateAndWhyInThePageAndInTheVideo(@TempDir Path dir) throws Exception {
        Tools.require(Tool.CHROMIUM);
        Tools.require(Tool.OPENCV_DOC);
        Tools.require(Tool.FFMPEG);
        Path clip = shortClip(dir.resolve("corridor.mp4"));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a video\n");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        List<RuntimeConfig.Stream> streams = List.of(
                new RuntimeConfig.Stream("entrance", "synthetic:320x240@25", 1, false, true),
                new RuntimeConfig.Stream("parking", "rtsp://127.0.0.1:" + closed + "/cam", 1, false, true),
                new RuntimeConfig.Stream("archive", notes.toString(), 1, false, true),
                new RuntimeConfig.Stream("corridor", clip.toString(), 1, false, true));
        Path model = Files.isRegularFile(LiveViewBrowserTest.SHIPPED_MODEL) ? LiveViewBrowserTest.SHIPPED_MODEL
                : TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        RuntimeConfig d = RuntimeConfig.defaults();
        // A reconnect backoff of seconds, as in production, so the reason reads like what a user sees.
        RuntimeConfig config = new RuntimeConfig(d.server().withPort(0), streams,
                new RuntimeConfig.Pipeline(1024, 2_000, 2_000, 5_000, 1_000, 8_000, "tcp"),
                TestRuntime.cpuScoring(8), RuntimeConfig.Events.defaults(),
                new RuntimeConfig.Models(dir.toString(), false));
        Pipeline pipeline = new Pipeline(config, model);
        LiveView view = new LiveView(streams.stream().map(RuntimeConfig.Stream::name).toList(),
                pipeline.metrics().registry());
        Map<String, String> headlines = new ConcurrentHashMap<>();
        Map<String, String> states = new ConcurrentHashMap<>();
        view.observeOverlay(new OverlayByStream(headlines, states));
        ServeAssembly serving = new ServeAssembly(pipeline, view);
        try {
            serving.start();
            EventServer server = serving.server();
            ChromeDriver browser = LiveViewBrowserTest.browser(dir.resolve("chromium-profile"));
            try {
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1240));
                browser.get("http://127.0.0.1:" + server.port() + "/");
                JavascriptExecutor js = browser;
                awaitCard(js, "entrance", "running", "");
                awaitCard(js, "parking", "reconnecting", "Reconnecting — ");
                awaitCard(js, "archive", "failed", "Failed — ");
                awaitCard(js, "corridor", "ended", "Ended — the file finished");
                ViewTesting.await("a label on the running stream", () -> !"waiting…".equals(text(js, "entrance",
                        "label")));
                assertTrue(text(js, "parking", "state-message").contains("(attempt "), text(js, "parking",
                        "state-message"));
                assertTrue(text(js, "archive", "state-message").contains("notes.txt"), text(js, "archive",
                        "state-message"));
                StreamStatus ended = status(pipeline, "corridor");
                assertTrue(ended.lastLabel() != null, "the clip was long enough for a label");
                assertTrue(text(js, "corridor", "state-message").contains("Last label: " + ended.lastLabel() + "."),
                        text(js, "corridor", "state-message"));
                // Windows still in the ring when the file ended may be scored after that snapshot: compare with
                // the status of the moment.
                // The page writes the unknown label in words ("Unknown"); a short clip may well be unlike anything
                // the model knows.
                try {
                    ViewTesting.await("the ended stream's last label in the panel", () -> {
                        String last = String.valueOf(status(pipeline, "corridor").lastLabel());
                        return ("unknown".equals(last) ? "Unknown" : last).equals(text(js, "corridor", "label"));
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": status says " + status(pipeline, "corridor")
                            .lastLabel() + ", the panel " + text(js, "corridor", "label"), e);
                }
                String green = String.valueOf(js.executeScript("return getComputedStyle(document.querySelector("
                        + "'[data-stream=entrance] [data-role=label]')).color;"));
                for (String name : List.of("parking", "archive", "corridor")) {
                    String colour = String.valueOf(js.executeScript("return getComputedStyle(document.querySelector("
                            + "'[data-stream=" + name + "] [data-role=label]')).color;"));
                    assertNotEquals(green, colour, name + "'s label is not the green of a live label");
                    assertFalse(text(js, name, "confidence").contains("first label comes"), name);
                }
                // The video says the same: its overlay draws each state, and the panel's label.
                ViewTesting.await("every state in the overlay", () -> "RECONNECTING".equals(states.get("parking"))
                        && "FAILED".equals(states.get("archive")) && "ENDED".equals(states.get("corridor")));
                ViewTesting.await("the overlay to draw the ended stream's last label", () -> ended.lastLabel()
                        .toUpperCase().equals(headlines.get("corridor")));
                ViewTesting.await("video (the state drawn on a blank frame) for the failed stream", () -> asLong(
                        js.executeScript("return document.querySelector('[data-stream=archive] img').naturalWidth;"))
                        == LiveView.BLANK_WIDTH);
                ViewTesting.await("the video of every card", () -> Boolean.TRUE.equals(js.executeScript(
                        "return [...document.querySelectorAll('[data-role=novideo]')].every(n => n.hidden);")));
                assertEquals(null, status(pipeline, "entrance").stateReason(), "a running stream has no reason");
                Thread.sleep(300); // one more MJPEG part, so the screenshot has every card's newest frame
                byte[] png = browser.getScreenshotAs(OutputType.BYTES);
                Path artifact = Path.of("target", "live-view-states.png");
                Files.createDirectories(artifact.getParent());
                Files.write(artifact, png);
                assertTrue(png.length > 10_000, "a real screenshot: " + png.length + " bytes");
                if (Boolean.getBoolean("actionstream.docs.screenshot")) {
                    Path docs = Path.of("..", "docs", "live-view-states.png");
                    Files.createDirectories(docs.getParent());
                    Files.copy(artifact, docs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                browser.quit();
            }
        } finally {
            serving.close();
        }
    }

    /** Two seconds of a real street scene, 320×240, not looped: long enough for windows, short enough to end. */
    private static Path shortClip(Path out) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-i", VTEST.toString(), "-t", "2",
                "-vf", "scale=320:240,fps=25", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg: " + log);
        return out;
    }

    private static void awaitCard(JavascriptExecutor js, String stream, String state, String message)
            throws InterruptedException {
        ViewTesting.await(stream + " shown as " + state, () -> state.equals(js.executeScript(
                "const c = document.querySelector('[data-stream=\"" + stream + "\"]'); return c && c.dataset.state;")));
        if (message.isEmpty()) {
            assertEquals(Boolean.TRUE, js.executeScript("return document.querySelector('[data-stream=\"" + stream
                    + "\"] [data-role=state-message]').hidden;"), stream + ": no state message while running");
        } else {
            ViewTesting.await(stream + "'s state message", () -> text(js, stream, "state-message").startsWith(message));
        }
    }

    private static String text(JavascriptExecutor js, String stream, String role) {
        return String.valueOf(js.executeScript("return document.querySelector('[data-stream=\"" + stream
                + "\"] [data-role=" + role + "]').textContent;"));
    }

    private static StreamStatus status(Pipeline pipeline, String stream) {
        return pipeline.snapshot().streams().stream().filter(s -> s.name().equals(stream)).findFirst().orElseThrow();
    }

    private static long asLong(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** Keeps the newest headline and state drawn per stream; the strip, drawn first, names the stream. */
    private static final class OverlayByStream implements OverlayText {
        private final Map<String, String> headlines;
        private final Map<String, String> states;
        private String stream = "";

        OverlayByStream(Map<String, String> headlines, Map<String, String> states) {
            this.headlines = headlines;
            this.states = states;
        }

        @Override
        public void drawn(Role role, char[] chars, int offset, int length, int x, int top, int width, int height) {
            String s = new String(chars, offset, length);
            switch (role) {
                case STRIP -> stream = s.substring(0, Math.max(0, s.indexOf(" · ")));
                case HEADLINE -> headlines.put(stream, s);
                case STATE -> states.put(stream, s);
                default -> { }
            }
        }
    }
}
