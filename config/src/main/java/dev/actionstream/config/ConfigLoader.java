package dev.actionstream.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JSON or YAML file into a configuration record. The file only needs the keys it changes: it is laid over
 * the record's defaults, then bound strictly, so an unknown key or an invalid value fails with a
 * {@link ConfigException} naming the file and the key.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type, T defaults) {
        JsonNode tree;
        try {
            String text = Files.readString(file);
            tree = isYaml(file) ? YAML.readTree(text) : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, "", "not valid " + (isYaml(file) ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot read: " + e, e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return defaults;
        }
        if (!tree.isObject()) {
            throw new ConfigException(file, "", "expected a mapping of keys to values at the top level", null);
        }
        ObjectNode merged = Json.MAPPER.valueToTree(defaults);
        merge(merged, (ObjectNode) tree);
        try {
            return Json.MAPPER.treeToValue(merged, type);
        } catch (JsonProcessingException e) {
            throw ConfigException.of(file, e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "", e.getMessage(), e);
        }
    }

    /** Writes {@code value} as YAML (for documenting defaults and for run folders). */
    public static String toYaml(Object value) {
        try {
            return YAMLMapper.builder().build().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Objects merge key by key; anything else (numbers, strings, lists) replaces the default. */
    private static void merge(ObjectNode base, ObjectNode override) {
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode overrideObject) {
                merge(currentObject, overrideObject);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }
}
