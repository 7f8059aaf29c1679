package dev.actionstream.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * Values given outside a config file (command-line options) laid over a loaded configuration record the way
 * {@link ConfigLoader} lays a file over the defaults: each value replaces one key, every other key keeps what the
 * file (or the defaults) set, and the result is bound and validated by the record itself.
 *
 * <pre>{@code
 * RuntimeConfig c = new ConfigOverlay().set("server.port", 9090).set("models.dir", "models").applyTo(loaded);
 * }</pre>
 */
public final class ConfigOverlay {

    private final ObjectNode tree = Json.MAPPER.createObjectNode();

    /** Sets {@code dottedKey} (e.g. {@code server.port}) to {@code value}, as a config file would; returns this. */
    public ConfigOverlay set(String dottedKey, Object value) {
        Objects.requireNonNull(dottedKey, "dottedKey");
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], Json.MAPPER.valueToTree(value));
        return this;
    }

    public boolean isEmpty() {
        return tree.isEmpty();
    }

    /**
     * {@code base} with these values laid over it.
     *
     * @throws IllegalArgumentException when a value is invalid, with the record's own message (e.g.
     *                                  {@code server.port: must be within 0..65535 ...})
     */
    @SuppressWarnings("unchecked")
    public <T> T applyTo(T base) {
        Objects.requireNonNull(base, "base");
        if (tree.isEmpty()) {
            return base;
        }
        ObjectNode merged = Json.MAPPER.valueToTree(base);
        ConfigLoader.merge(merged, tree);
        try {
            return (T) Json.MAPPER.treeToValue(merged, base.getClass());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(ConfigException.problem(e), e);
        }
    }
}
