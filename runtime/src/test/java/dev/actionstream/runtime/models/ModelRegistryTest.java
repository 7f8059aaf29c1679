package dev.actionstream.runtime.models;

import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {

    @TempDir
    Path dir;

    @Test
    void closesAReplacedModelOnlyAfterTheRingPassedItAndNoWindowUsesIt() throws Exception {
        ModelRegistry registry = TestRuntime.registry(dir, new RuntimeMetrics());
        registry.retireThrough(() -> 10);
        LoadedModel v1 = registry.loadAndActivate(TestModels.colour(dir.resolve("a.onnx"), "a", "1", 2, 4, 4));
        LoadedModel v2 = registry.loadAndActivate(TestModels.colour(dir.resolve("a.onnx"), "a", "2", 2, 4, 4));
        assertSame(v2, registry.active());
        assertTrue(registry.hasRetired());
        registry.reclaim(9, m -> false);
        assertFalse(v1.isClosed(), "slots up to sequence 10 may still point at it");
        registry.reclaim(10, m -> m == v1);
        assertFalse(v1.isClosed(), "a window still holds its frames");
        registry.reclaim(10, m -> false);
        assertTrue(v1.isClosed());
        assertFalse(registry.hasRetired());
        assertFalse(v2.isClosed());
        assertEquals(1, registry.swaps());
        registry.closeAll();
        assertTrue(v2.isClosed());
    }

    @Test
    void activatesEarlierModelsByFileNameOrNameAtVersion() throws Exception {
        ModelRegistry registry = TestRuntime.registry(dir, new RuntimeMetrics());
        LoadedModel a = registry.loadAndActivate(TestModels.colour(dir.resolve("a.onnx"), "walk", "1", 2, 4, 4));
        LoadedModel b = registry.loadAndActivate(TestModels.colour(dir.resolve("b.onnx"), "walk", "2", 2, 4, 4));
        assertEquals("1", registry.activate("walk@1").version());
        assertSame(a, registry.active());
        registry.activate("b.onnx");
        assertSame(b, registry.active());
        var ambiguous = assertThrows(ModelRejectedException.class, () -> registry.activate("walk"));
        assertTrue(ambiguous.getMessage().contains("ambiguous"), ambiguous.getMessage());
        assertTrue(ambiguous.getMessage().contains("[a.onnx, b.onnx]"), ambiguous.getMessage());
        var unknown = assertThrows(NoSuchModelException.class, () -> registry.activate("run"));
        assertTrue(unknown.getMessage().contains("no loaded model named 'run'"), unknown.getMessage());
        assertEquals(3, registry.swaps());
        registry.closeAll();
    }

    @Test
    void sanitisesUploadedFileNames() {
        assertEquals("passwd.onnx", ModelRegistry.sanitise("../../etc/passwd"));
        assertEquals("my_model.onnx", ModelRegistry.sanitise("C:\\models\\my model.onnx"));
        assertEquals("model.onnx", ModelRegistry.sanitise("..."));
        assertEquals("model.onnx", ModelRegistry.sanitise(null));
    }
}
