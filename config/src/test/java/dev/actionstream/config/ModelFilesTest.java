package dev.actionstream.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFilesTest {

    @Test
    void shouldGroupAModelWithItsHalves() {
        assertEquals("lrcn", ModelFiles.group("lrcn.onnx"));
        assertEquals("lrcn", ModelFiles.group("lrcn.encoder.onnx"));
        assertEquals("lrcn", ModelFiles.group("lrcn.head.onnx"));
        assertEquals("notes.txt", ModelFiles.group("notes.txt"));
        assertEquals("lrcn.head.onnx", ModelFiles.headName("lrcn"));
        assertEquals("lrcn.encoder.onnx", ModelFiles.encoderName("lrcn"));
        assertEquals("lrcn.onnx", ModelFiles.fullName("lrcn"));
    }

    @Test
    void shouldTellHalvesFromWholeModelsByName() {
        assertTrue(ModelFiles.isHalf("m.head.onnx"));
        assertTrue(ModelFiles.isHalf("m.encoder.onnx"));
        assertFalse(ModelFiles.isHalf("m.onnx"));
        assertTrue(ModelFiles.isOnnx("m.onnx"));
        assertFalse(ModelFiles.isOnnx("m.onnx.tmp"));
    }

    @Test
    void shouldPlaceExportedHalvesBesideTheFileWithoutTouchingItsName() {
        Path dir = Path.of("models");
        assertEquals(dir.resolve("m.encoder.onnx"), ModelFiles.encoderBeside(dir.resolve("m.onnx")));
        assertEquals(dir.resolve("m.head.onnx"), ModelFiles.headBeside(dir.resolve("m.onnx")));
        assertEquals(dir.resolve("m.encoder.onnx"), ModelFiles.encoderBeside(dir.resolve("m")));
        // Never the file itself: a one-piece model named like a head keeps its own name.
        assertEquals(dir.resolve("m.head.head.onnx"), ModelFiles.headBeside(dir.resolve("m.head.onnx")));
    }

    @Test
    void shouldImplyTheOtherHalfOnlyForAHalf() {
        Path dir = Path.of("models");
        assertEquals(dir.resolve("a.encoder.onnx"), ModelFiles.impliedPair(dir.resolve("a.head.onnx")));
        assertEquals(dir.resolve("a.head.onnx"), ModelFiles.impliedPair(dir.resolve("a.encoder.onnx")));
        assertNull(ModelFiles.impliedPair(dir.resolve("a.onnx")));
    }
}
