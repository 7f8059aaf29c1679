package dev.actionstream.runtime.view;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live view's episode history in real Chromium, against a real runtime with a history, clips and captures, on a
 * stream that is red for 2 s and blue for 2 s: thumbnails load, the filter narrows the list, a clip plays, and
 * "wrong? save as" puts the clip into a capture dataset.
 */
class LiveViewEpisodesBrowserTest {

    static final String ALTERNATING = "lavfi:color=c=red:size=64x48:rate=25,"
            + "drawbox=x=0:y=0:w=64:h=48:color=blue:t=fill:enable='gt(mod(t,4),2)'";

    @Test
    void historyShowsThumbnailsFiltersPlaysAClipAndSavesItUnderAnotherLabel(@TempDir Path dir) throws Exception {
        Tools.require(Tool.CHROMIUM);
        Path datasets = dir.resolve("datasets");
        RuntimeConfig base = TestRuntime.config(dir.resolve("models"), false,
                List.of(new RuntimeConfig.Stream("hall", ALTERNATING, 1, false, true)), 2);
        RuntimeConfig config = base
                .withCapture(RuntimeConfig.Capture.defaults().withEnabled(true).withDir(datasets.toString()))
                .withEpisodes(base.episodes().withDataDir(dir.resolve("data").toString()).withDebounce(0.3, 0.3)
                        .withClips(true, 0.5, 0.5, base.episodes().clipBudgetBytes()));
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Pipeline pipeline = new Pipeline(config, model);
        try (ServeAssembly serving = new ServeAssembly(pipeline, new LiveView(List.of("hall"),
                pipeline.metrics().registry()))) {
            serving.start();
            ChromeDriver browser = LiveViewBrowserTest.browser(dir.resolve("chromium-profile"));
            try {
                browser.get("http://127.0.0.1:" + serving.server().port() + "/");
                JavascriptExecutor js = browser;
                ViewTesting.await("the card to show the episode going on", () -> String.valueOf(js.executeScript(
                        "const c = document.querySelector('[data-stream=hall] [data-role=episode]');"
                                + " return c && !c.hidden ? c.textContent : '';")).matches("episode: (red|blue) since .*"));
                String items = "document.querySelectorAll('#episodes li')";
                ViewTesting.await("two episodes with their snapshots in the history", () -> ((Number) js.executeScript(
                        "return [..." + items + "].filter(li => li.querySelector('img').naturalWidth > 0"
                                + " && li.dataset.clip).length;")).intValue() >= 2);
                assertEquals(Boolean.FALSE, js.executeScript("return document.getElementById('history').hidden;"));

                new Select(browser.findElement(By.id("history-label"))).selectByValue("blue");
                ViewTesting.await("only blue episodes", () -> Boolean.TRUE.equals(js.executeScript(
                        "const l = [..." + items + "]; return l.length > 0 && l.every(li => li.dataset.label === 'blue');")));

                // The newest episode may have ended a moment ago: its clip is written after the post-roll.
                ViewTesting.await("a blue episode with its clip", () -> ((Number) js.executeScript(
                        "return document.querySelectorAll('#episodes li[data-clip^=\"/api/\"]').length;"))
                        .intValue() > 0);
                WebElement first = browser.findElement(By.cssSelector("#episodes li[data-clip^='/api/']"));
                String id = first.getAttribute("data-id");
                first.findElement(By.cssSelector("[data-role=play]")).click();
                String player = "const p = document.getElementById('history-player');";
                try {
                    ViewTesting.await("the clip to load in the player", () -> Boolean.TRUE.equals(js.executeScript(
                            player + " return !p.hidden && p.error === null && p.readyState >= 1 && p.duration > 1;")));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + js.executeScript(player + " return JSON.stringify("
                            + "{src: p.src, error: p.error && p.error.message, readyState: p.readyState, "
                            + "networkState: p.networkState, duration: p.duration});"), e);
                }
                assertEquals(id, js.executeScript("return document.getElementById('history-player').dataset.episode;"));

                first.findElement(By.cssSelector("[data-role=save-label]")).sendKeys("green");
                first.findElement(By.cssSelector("[data-role=save-button]")).click();
                ViewTesting.await("the clip saved", () -> String.valueOf(js.executeScript(
                        "const li = document.querySelector('#episodes li[data-id=\"" + id + "\"]');"
                                + " return li ? li.querySelector('[data-role=save-result]').textContent : '';"))
                        .startsWith("saved as green/"));
                try (Stream<Path> saved = Files.list(datasets.resolve("captures").resolve("green"))) {
                    List<Path> clips = saved.filter(p -> p.toString().endsWith(".mp4")).toList();
                    assertEquals(1, clips.size());
                    assertTrue(Files.size(clips.get(0)) > 0);
                }
            } finally {
                browser.quit();
            }
        }
    }
}
