package dev.actionstream.runtime.models;

import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDirectoryWatcherTest {

    private static final Path SHIPPED = Path.of("..", "examples", "models", "convlstm-synthetic.onnx");
    private static final long DEBOUNCE_MILLIS = 100;
    private static final long SETTLE_MILLIS = 1_500;
    private static final long WAIT_MILLIS = 30_000;

    @TempDir
    Path dir;

    @Test
    void aModelCopiedInPiecesSlowerThanThePollIsLoadedOnceAndNeverRejected() throws Exception {
        RuntimeMetrics metrics = new RuntimeMetrics();
        ModelRegistry registry = TestRuntime.registry(dir, metrics);
        byte[] bytes = Files.readAllBytes(SHIPPED);
        try (ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(registry, dir, DEBOUNCE_MILLIS, SETTLE_MILLIS)) {
            watcher.start();
            // Pauses of 400 ms: several polls and four debounce intervals each, well within the settle time.
            try (OutputStream out = Files.newOutputStream(dir.resolve("convlstm.onnx"))) {
                int pieces = 5;
                int piece = bytes.length / pieces;
                for (int i = 0; i < pieces; i++) {
                    int end = i == pieces - 1 ? bytes.length : (i + 1) * piece;
                    out.write(bytes, i * piece, end - i * piece);
                    out.flush();
                    if (i < pieces - 1) {
                        Thread.sleep(400);
                    }
                }
            }
            await(() -> registry.active() != null || !registry.recentErrors().isEmpty(), "the copied model to load");
            // Long enough for a second load or a late rejection to show.
            Thread.sleep(3 * SETTLE_MILLIS);
        } finally {
            registry.closeAll();
        }
        assertEquals("convlstm.onnx", registry.active().key());
        assertEquals(1, registry.models().size(), "loaded exactly once");
        assertEquals(0, registry.swaps());
        assertEquals(0.0, metrics.rejections().count(), "no half-written file was parsed: " + registry.recentErrors());
        assertTrue(registry.recentErrors().isEmpty(), registry.recentErrors().toString());
    }

    @Test
    void anEmptyFileIsReportedOnceNotOncePerLook() throws Exception {
        RuntimeMetrics metrics = new RuntimeMetrics();
        ModelRegistry registry = TestRuntime.registry(dir, metrics);
        try (ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(registry, dir, 20, 200)) {
            watcher.start();
            Files.createFile(dir.resolve("stalled.onnx"));
            await(() -> !registry.recentErrors().isEmpty(), "the empty file to be reported");
            Thread.sleep(10 * 200);
        } finally {
            registry.closeAll();
        }
        assertEquals(1, registry.recentErrors().size(), registry.recentErrors().toString());
        assertTrue(registry.recentErrors().get(0).contains("stalled.onnx: empty file"), registry.recentErrors().get(0));
    }

    @Test
    void aDirectoryThatCannotBeWatchedSaysWhy() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("models"), "a file");
        ModelRegistry registry = TestRuntime.registry(notADirectory, new RuntimeMetrics());
        IOException e = assertThrows(IOException.class,
                () -> new ModelDirectoryWatcher(registry, notADirectory, DEBOUNCE_MILLIS, SETTLE_MILLIS));
        assertEquals("a file of that name exists and is not a directory", ModelDirectoryWatcher.reason(e));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
