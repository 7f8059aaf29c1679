package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The capture control of a stream's card in real Chromium, against a real runtime with captures enabled. */
class LiveViewCaptureBrowserTest {

    @Test
    void typedLabelSavesTheLastSecondsListsTheClipAndDeleteRemovesIt(@TempDir Path dir) throws Exception {
        Tools.require(Tool.CHROMIUM);
        List<RuntimeConfig.Stream> streams = List.of(new RuntimeConfig.Stream("entrance", "synthetic:160x120@25", 1,
                false, true));
        Path datasets = dir.resolve("datasets");
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false, streams, 2)
                .withCapture(RuntimeConfig.Capture.defaults().withEnabled(true).withDir(datasets.toString()));
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Pipeline pipeline = new Pipeline(config, model);
        try (ServeAssembly serving = new ServeAssembly(pipeline, new LiveView(List.of("entrance"),
                pipeline.metrics().registry()))) {
            serving.start();
            ChromeDriver browser = LiveViewBrowserTest.browser(dir.resolve("chromium-profile"));
            try {
                browser.get("http://127.0.0.1:" + serving.server().port() + "/");
                JavascriptExecutor js = browser;
                String card = "document.querySelector('[data-stream=\"entrance\"]')";
                ViewTesting.await("the capture control", () -> Boolean.FALSE.equals(js.executeScript(
                        "const c = " + card + "; return c ? c.querySelector('[data-role=capture]').hidden : true;")));
                WebElement form = browser.findElement(By.cssSelector("[data-stream=entrance] [data-role=capture]"));
                form.findElement(By.cssSelector("[data-role=capture-label]")).sendKeys("waving");
                WebElement seconds = form.findElement(By.cssSelector("[data-role=capture-seconds]"));
                seconds.clear();
                seconds.sendKeys("2");
                // The buffer needs 2 s of video before "the last 2 s" exist.
                Thread.sleep(2_500);
                form.findElement(By.cssSelector("[data-role=capture-save]")).click();
                ViewTesting.await("the clip in the card's list", () -> ((Number) js.executeScript("return " + card
                        + ".querySelectorAll('[data-role=captures] li[data-label=waving]').length;")).intValue() == 1);
                String result = (String) js.executeScript("return " + card
                        + ".querySelector('[data-role=capture-result]').textContent;");
                assertTrue(result.startsWith("saved "), result);
                String file = (String) js.executeScript("return " + card
                        + ".querySelector('[data-role=captures] li').dataset.file;");
                Path clip = datasets.resolve("captures/waving").resolve(file);
                assertTrue(Files.isRegularFile(clip), clip.toString());

                // Found and clicked in one step: the page may rebuild the list between a lookup and a click.
                js.executeScript(card + ".querySelector('[data-role=captures] li button').click();");
                ViewTesting.await("the list to empty", () -> ((Number) js.executeScript("return " + card
                        + ".querySelectorAll('[data-role=captures] li').length;")).intValue() == 0);
                assertFalse(Files.exists(clip));
                try (Stream<Path> left = Files.walk(datasets)) {
                    assertEquals(0, left.filter(Files::isRegularFile).count(), "clip and sidecar deleted");
                }
            } finally {
                browser.quit();
            }
        }
    }
}
