package dev.actionstream.runtime.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetModelsTest {

    @TempDir
    Path dir;

    @Test
    void refusesAModelOverTheRecordLimitBeforeSendingAnything() throws Exception {
        Path big = dir.resolve("big.onnx");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ClusterSettings.MAX_MODEL_BYTES + 1L);
        }
        // Nothing listens on port 1: a refusal that tried to send would time out instead of naming the limit.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FleetModels.publish(ClusterSettings.client("127.0.0.1:1"), big));
        assertTrue(e.getMessage().contains("over the fleet's limit of " + ClusterSettings.MAX_MODEL_BYTES), e.getMessage());
    }
}
