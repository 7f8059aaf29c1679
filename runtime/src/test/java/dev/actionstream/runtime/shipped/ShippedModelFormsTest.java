package dev.actionstream.runtime.shipped;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every model shipped in {@code examples/models} served by the real pipeline in every form it ships in: the one-piece
 * file as shipped (split when its halves are beside it), the one-piece file on its own, and the head of a split
 * model (with its encoder beside it). A form whose halves name files that are not there fails here, not in
 * {@code serve}.
 */
class ShippedModelFormsTest {

    private static final Path SHIPPED = Path.of("..", "examples", "models");
    private static final String SOURCE = "synthetic:160x120@25?seed=3";
    private static final long WAIT_MILLIS = 60_000;
    private static final int EVENTS = 3;

    @TempDir
    Path dir;

    @Test
    void everyShippedModelServesInEveryForm() throws Exception {
        List<Path> full = oneModelFiles();
        assertTrue(full.size() >= 3, "expected the three shipped models, found " + full);
        List<String> served = new ArrayList<>();
        for (Path model : full) {
            String base = model.getFileName().toString().replace(".onnx", "");
            Path head = SHIPPED.resolve(base + ".head.onnx");
            Path encoder = SHIPPED.resolve(base + ".encoder.onnx");
            boolean hasSplitForm = Files.isRegularFile(head) || Files.isRegularFile(encoder);

            serve(model, hasSplitForm, base + " as shipped");
            Path alone = Files.createDirectories(dir.resolve(base + "-alone")).resolve(base + ".onnx");
            Files.copy(model, alone);
            serve(alone, false, base + " one-piece on its own");
            served.add(base);
            if (hasSplitForm) {
                assertTrue(Files.isRegularFile(head) && Files.isRegularFile(encoder), base + ": both halves ship");
                serve(head, true, base + " head with its encoder");
                serve(encoder, true, base + " encoder with its head");
            }
        }
        assertTrue(served.contains("lrcn-synthetic-live"), "demo's model was served: " + served);
    }

    private static List<Path> oneModelFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(SHIPPED, "*.onnx")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".head.onnx") && !name.endsWith(".encoder.onnx")) {
                    out.add(f);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private void serve(Path model, boolean split, String form) throws Exception {
        RuntimeConfig config = TestRuntime.config(Files.createDirectories(dir.resolve("models")), false,
                List.of(new RuntimeConfig.Stream("s", SOURCE, 1, false, true)), TestRuntime.EVERY_WINDOW);
        List<LabelEvent> events = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(config, model)) {
            LoadedModel active = pipeline.registry().active();
            assertEquals(split, active.split(), form + ": served split");
            pipeline.start(e -> {
                synchronized (events) {
                    events.add(e);
                    events.notifyAll();
                }
            });
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            synchronized (events) {
                while (events.size() < EVENTS && System.currentTimeMillis() < deadline) {
                    events.wait(100);
                }
            }
            synchronized (events) {
                assertTrue(events.size() >= EVENTS, form + ": only " + events.size() + " events");
                for (LabelEvent e : events) {
                    assertEquals(active.spec().name(), e.modelName(), form);
                    assertTrue(active.spec().labels().contains(e.label()) || e.uncertain(), form + ": " + e.label());
                    assertEquals(active.spec().framesPerWindow(), e.windowEndFrame() - e.windowStartFrame() + 1, form);
                }
            }
            assertFalse(pipeline.consumerErrors() > 0, form + ": scoring errors");
        }
    }
}
