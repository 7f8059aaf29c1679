package dev.actionstream.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds a top-level section of a {@link TrainingConfig} file to the {@link ArchitectureConfig} type its key names.
 * Every key the record does not declare arrives here (it collects the sections with {@code @JsonAnySetter}), so a key
 * that names no architecture is reported as the unknown key it is.
 */
final class ArchitectureConfigDeserializer extends JsonDeserializer<ArchitectureConfig> {

    @Override
    public ArchitectureConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String key = p.currentName();
        Optional<Architecture> architecture = Architecture.ofSection(key);
        if (architecture.isEmpty()) {
            // Built without a path: Jackson adds the key once on the way out (from() would add it twice).
            throw new UnrecognizedPropertyException(p, "Unrecognized field \"" + key + "\"", p.currentLocation(),
                    TrainingConfig.class, key, knownKeys());
        }
        return ctxt.readValue(p, architecture.get().configType());
    }

    private static List<Object> knownKeys() {
        List<Object> keys = new ArrayList<>();
        for (var component : TrainingConfig.class.getRecordComponents()) {
            if (!component.getName().equals("networks")) {
                keys.add(component.getName());
            }
        }
        for (Architecture a : Architecture.values()) {
            keys.add(a.id());
        }
        return keys;
    }
}
