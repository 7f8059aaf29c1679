package dev.actionstream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeConfigTeachTest {

    @TempDir
    Path dir;

    @Test
    void promotionIsManualUnlessTheFileSaysAuto() throws IOException {
        assertEquals(PromotionMode.MANUAL, RuntimeConfig.defaults().teach().promotion());
        Path f = Files.writeString(dir.resolve("serve.yaml"), """
                teach:
                  promotion: auto
                  maxClassDrop: 0.1
                """);
        RuntimeConfig.Teach t = ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()).teach();
        assertEquals(PromotionMode.AUTO, t.promotion());
        assertEquals(0.1, t.maxClassDrop());
    }

    @Test
    void anUnknownPromotionModeOrAMarginOutsideZeroToOneIsRefusedByName() throws IOException {
        Path mode = Files.writeString(dir.resolve("mode.yaml"), "teach:\n  promotion: sometimes\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(mode, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertTrue(e.getMessage().contains("teach.promotion: must be manual or auto"), e.getMessage());
        Path margin = Files.writeString(dir.resolve("margin.yaml"), "teach:\n  maxClassDrop: 2\n");
        e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(margin, RuntimeConfig.class, RuntimeConfig.defaults()));
        assertTrue(e.getMessage().contains("teach.maxClassDrop"), e.getMessage());
    }
}
