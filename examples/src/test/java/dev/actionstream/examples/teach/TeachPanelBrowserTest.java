package dev.actionstream.examples.teach;

import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.jobs.JobSettings;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.view.LiveView;
import dev.actionstream.synth.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live view's Teach panel in real Chromium against a real runtime, trainer and exporter: Train (with a progress
 * bar that moves; the job's base and the label it adds), the candidate's held-out accuracy beside the serving model's
 * and the promotion policy's word, Shadow (the candidate's label on the stream's card, agreement in the panel), Promote (the header
 * names the new model), Roll back (the shipped model again), and a reload that still lists the job.
 */
class TeachPanelBrowserTest {

    @TempDir
    Path dir;

    @Test
    void trainShadowPromoteAndRollBackFromThePage() throws Exception {
        Tools.require(Tool.CHROMIUM);
        Path datasets = dir.resolve("datasets");
        TinyTeaching.dataset(datasets.resolve("captures"), 4, 2, Action.BOXING, Action.SQUATS);
        // The page trains from the serving model's run: a tiny run filed under the shipped model's name stands in.
        Path runs = dir.resolve("runs");
        TinyTeaching.baseRun(TinyTeaching.dataset(dir.resolve("base-data"), 4, 1, Action.BOXING, Action.WALKING),
                runs.resolve("lrcn-synthetic-live"));
        JobSettings settings = JobSettings.defaults(dir.resolve("jobs"), datasets, List.of(runs),
                TinyTeaching.commands());
        Pipeline pipeline = new Pipeline(TinyTeaching.serving(dir), TinyTeaching.LIVE_MODEL);
        try (ServeAssembly serving = new ServeAssembly(pipeline, new LiveView(List.of("cam"),
                pipeline.metrics().registry())).withJobs(settings)) {
            serving.start();
            ChromeDriver browser = browser(dir.resolve("profile"));
            try {
                browser.get("http://127.0.0.1:" + serving.server().port() + "/");
                JavascriptExecutor js = browser;
                await("the Teach panel", 20, () -> browser.findElement(By.id("teach")).isDisplayed());
                var epochs = browser.findElement(By.id("train-epochs"));
                epochs.clear();
                epochs.sendKeys("3");
                browser.findElement(By.id("train-start")).click();

                // The bar moves: some value strictly between 0 and 1 is seen before the job succeeds.
                double between = -1;
                long deadline = System.nanoTime() + 300_000_000_000L;
                String state = "";
                while (System.nanoTime() < deadline && !state.equals("succeeded")) {
                    Object v = js.executeScript("const r = document.querySelector('#jobs tr[data-job]');"
                            + "return r ? [r.dataset.state, r.querySelector('progress').value] : null;");
                    if (v instanceof List<?> row) {
                        state = String.valueOf(row.get(0));
                        double value = ((Number) row.get(1)).doubleValue();
                        if (value > 0 && value < 1) {
                            between = value;
                        }
                        assertTrue(!List.of("failed", "cancelled", "interrupted").contains(state),
                                "job " + state + ": " + js.executeScript(
                                        "return document.querySelector('#jobs tr [data-role=detail]').textContent;"));
                    }
                    Thread.sleep(100);
                }
                assertEquals("succeeded", state);
                assertTrue(between > 0, "the progress bar showed a partial value");

                await("the candidate", 20, () -> !browser.findElements(
                        By.cssSelector("#candidates tr[data-key='taught-1.onnx']")).isEmpty());
                // The job names its base and marks the label it adds; the base knows boxing and walking.
                String base = text(js, "#jobs tr[data-job='1'] [data-role=base]");
                assertTrue(base.matches("from \\S+: boxing, squats \\(new\\)"), base);
                assertEquals(List.of("squats"), js.executeScript("return [...document.querySelectorAll("
                        + "\"#jobs tr[data-job='1'] [data-role=base] [data-new=true]\")].map(e => e.dataset.label);"));
                // Held-out captured clips scored by both models, side by side, overall and per class.
                await("the held-out comparison", 20, () -> text(js, "#candidates tr[data-key='taught-1.onnx'] "
                        + "[data-role=heldout]").matches("\\d+(\\.\\d)? % vs \\d+(\\.\\d)? % "
                        + "\\(lrcn-synthetic-live\\.onnx\\) on \\d+ clips"));
                String perClass = text(js, "#candidates tr[data-key='taught-1.onnx'] [data-role=per-class]");
                assertTrue(perClass.matches("boxing \\d+(\\.\\d)? % vs \\d+(\\.\\d)? %, "
                        + "squats \\d+(\\.\\d)? % vs 0 %"), perClass);
                // Promotion is manual unless the config says auto: the policy says so beside the candidate.
                await("the policy's decision", 20, () -> text(js, "#candidates tr[data-key='taught-1.onnx'] "
                        + "[data-role=decision]").equals("manual: teach.promotion is manual: promote it by hand"));
                click(js, "#candidates tr[data-key='taught-1.onnx'] [data-role=shadow]");
                await("the candidate's label on the card", 60, () -> String.valueOf(js.executeScript(
                        "const s = document.querySelector('[data-stream=cam] [data-role=shadow]');"
                                + "return s && !s.hidden ? s.textContent : '';")).matches(
                        "candidate sees: (boxing|squats|uncertain) .*"));
                await("agreement in the panel", 30, () -> browser.findElement(By.id("shadow-report")).getText()
                        .matches(".*agrees \\d+(\\.\\d)? %, uncertain or unknown \\d+(\\.\\d)? %.*"));

                click(js, "#candidates tr[data-key='taught-1.onnx'] [data-role=promote]");
                await("the promoted model in the header", 30, () -> browser.findElement(By.id("model-name"))
                        .getText().equals("taught-1"));
                assertTrue(browser.findElement(By.id("teach-result")).getText().startsWith("promoted taught-1.onnx"));

                click(js, "#rollback");
                await("the shipped model in the header", 30, () -> browser.findElement(By.id("model-name"))
                        .getText().equals("lrcn-synthetic-live"));
                assertEquals("rolled back to lrcn-synthetic-live.onnx",
                        browser.findElement(By.id("teach-result")).getText());

                browser.navigate().refresh();
                await("the job after a reload", 20, () -> "succeeded".equals(js.executeScript(
                        "const r = document.querySelector('#jobs tr[data-job=\"1\"]'); return r && r.dataset.state;")));
            } finally {
                browser.quit();
            }
        }
    }

    private static String text(JavascriptExecutor js, String selector) {
        return String.valueOf(js.executeScript("const e = document.querySelector(arguments[0]);"
                + "return e ? e.textContent : '';", selector));
    }

    /** A real click event on the element the selector names now (the page may have redrawn it meanwhile). */
    private static void click(JavascriptExecutor js, String selector) {
        js.executeScript("document.querySelector(arguments[0]).click();", selector);
    }

    private static void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // The element is not there yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " not seen within " + seconds + " s");
    }

    /** Headless Debian Chromium with its own driver (Selenium Manager must never download one). */
    private static ChromeDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
