package dev.actionstream.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelFileNameTest {

    @Test
    void keepsSafeNames() {
        assertEquals("convlstm_v2-final.1.onnx", ModelFileName.sanitise("convlstm_v2-final.1.onnx"));
    }

    @Test
    void keepsOnlyTheBaseNameOfPaths() {
        assertEquals("evil.onnx", ModelFileName.sanitise("../../etc/evil.onnx"));
        assertEquals("model.onnx", ModelFileName.sanitise("C:\\Users\\me\\model.onnx"));
        assertEquals("m.onnx", ModelFileName.sanitise("/abs/path/m.onnx"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"model.sh", "model.onnx.sh", "..", "../", ".onnx", ".hidden.onnx", "my model.onnx",
            "mod\u0000el.onnx", "modèl.onnx", "a/b/..", "model.onnx/", "model;rm.onnx", "%2e%2e.onnx"})
    void refusesUnsafeNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFileName.sanitise(name));
        assertTrue(e.getMessage().contains("model file name"), e.getMessage());
    }

    @Test
    void refusesOverlongNames() {
        assertThrows(IllegalArgumentException.class, () -> ModelFileName.sanitise("a".repeat(200) + ".onnx"));
    }
}
