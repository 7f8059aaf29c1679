package dev.actionstream.examples;

import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.TrainingConfig;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.actionstream.config.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped config files document every key with its default; they must stay true. */
class ShippedConfigsTest {

    private static final Path CONFIGS = Path.of("configs");

    @Test
    void shippedConfigsDocumentEveryKey() throws IOException {
        assertNoKeyMissing(TrainingConfig.defaults(), CONFIGS.resolve("train.yaml"));
        assertNoKeyMissing(RuntimeConfig.defaults(), CONFIGS.resolve("serve.yaml"));
    }

    private static void assertNoKeyMissing(Object defaults, Path file) throws IOException {
        JsonNode shipped = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        List<String> missing = new ArrayList<>();
        collectMissing(Json.MAPPER.valueToTree(defaults), shipped, "", missing);
        assertTrue(missing.isEmpty(), file + " does not document " + missing);
    }

    private static void collectMissing(JsonNode expected, JsonNode actual, String path, List<String> missing) {
        expected.fieldNames().forEachRemaining(name -> {
            JsonNode a = actual == null ? null : actual.get(name);
            if (a == null) {
                missing.add(path + name);
            } else if (expected.get(name).isObject()) {
                collectMissing(expected.get(name), a, path + name + ".", missing);
            }
        });
    }

    @Test
    void shippedTrainConfigIsExactlyTheDefaults() {
        assertEquals(TrainingConfig.defaults(),
                ConfigLoader.load(CONFIGS.resolve("train.yaml"), TrainingConfig.class, TrainingConfig.defaults()));
    }

    @Test
    void shippedServeConfigIsExactlyTheDefaults() {
        assertEquals(RuntimeConfig.defaults(),
                ConfigLoader.load(CONFIGS.resolve("serve.yaml"), RuntimeConfig.class, RuntimeConfig.defaults()));
    }
}
