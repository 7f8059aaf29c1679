package dev.actionstream.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON or YAML file into a configuration record. The file only needs the keys it changes: it is laid over
 * the record's defaults, then bound strictly, so an unknown key or an invalid value fails with a
 * {@link ConfigException} naming the file and the key. A key given twice in one mapping is an error too (naming the
 * key and its line): YAML and JSON parsers otherwise keep the last one silently.
 */
public final class ConfigLoader {

    private static final ObjectReader YAML = new ObjectMapper(new YAMLFactory()).reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectReader JSON = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    /** Jackson's wording for a repeated key (the same in its JSON and YAML parsers). */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    private ConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type, T defaults) {
        JsonNode tree;
        try {
            String text = Files.readString(file);
            tree = isYaml(file) ? YAML.readTree(text) : JSON.readTree(text);
        } catch (JsonParseException e) {
            ConfigException duplicate = duplicateKey(file, e);
            if (duplicate != null) {
                throw duplicate;
            }
            throw new ConfigException(file, "", "not valid " + (isYaml(file) ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
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
            // Type ids (a sink's "type") as plain keys: YAML tags would be lost when the file is read back as a tree.
            return YAMLMapper.builder().disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID).build()
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A repeated key as a ConfigException naming its dotted path and line; {@code null} for other parse errors. */
    private static ConfigException duplicateKey(Path file, JsonParseException e) {
        Matcher m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (!m.find()) {
            return null;
        }
        String key = m.group(1);
        JsonParser parser = e.getProcessor();
        if (parser != null) {
            // The parser stops inside the mapping that repeats the key, with the repeated name as its current one.
            key = dottedPath(parser.getParsingContext());
        }
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return new ConfigException(file, key, "duplicate key" + (line > 0 ? " on line " + line : "")
                + ": each key may appear only once in a mapping", e);
    }

    private static String dottedPath(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName();
            if (part == null) {
                continue;
            }
            path.insert(0, path.isEmpty() || path.charAt(0) == '[' ? part : part + ".");
        }
        return path.toString();
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Objects merge key by key; anything else (numbers, strings, lists) replaces the default. */
    static void merge(ObjectNode base, ObjectNode override) {
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
