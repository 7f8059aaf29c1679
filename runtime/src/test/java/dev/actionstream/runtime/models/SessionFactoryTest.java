package dev.actionstream.runtime.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.TestModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution-provider choice against the real GPU build of ONNX Runtime and this machine's CUDA libraries. Where
 * they are all present, CUDA is really tried, which makes ONNX Runtime extract its 344 MB CUDA provider library once
 * per JVM (3 to 30 s), hence the {@code cuda-probe} tag ({@code -DexcludedGroups=cuda-probe} skips it); where one is
 * missing, the probe answers at once. On a machine where CUDA works, it skips and says so.
 */
@Tag("cuda-probe")
class SessionFactoryTest {

    @TempDir
    Path dir;

    @Test
    void autoFallsBackToCpuOnceAndCudaOnlyFailsLoudly() throws Exception {
        byte[] model = Files.readAllBytes(TestModels.colour(dir.resolve("c.onnx"), "c", "1", 2, 4, 4));
        SessionFactory auto = new SessionFactory(OrtEnvironment.getEnvironment(),
                new RuntimeConfig.Scoring("auto", 1, 1, 1, 1, 0));
        SessionFactory.Opened first = auto.open(model);
        first.session().close();
        Assumptions.assumeTrue(first.provider().label().equals("CPU"), "skipped: CUDA is usable on this machine");
        assertFalse(auto.cudaError().isEmpty(), "the reason is kept for the log");
        SessionFactory.Opened second = auto.open(model);
        assertEquals("CPU", second.provider().label(), "no second CUDA attempt");
        second.session().close();

        SessionFactory cuda = new SessionFactory(OrtEnvironment.getEnvironment(),
                new RuntimeConfig.Scoring("cuda", 1, 1, 1, 1, 0));
        OrtException e = assertThrows(OrtException.class, () -> cuda.open(model));
        assertTrue(e.getMessage().contains("CUDA is not usable"), e.getMessage());
    }
}
