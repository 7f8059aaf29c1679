package dev.actionstream.runtime.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.actionstream.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The published schema, loaded from the runtime's resources, for validating what subscribers receive. */
public final class LabelEventSchema {

    public static final String RESOURCE = "/schema/label-event.schema.json";
    private static final JsonSchema SCHEMA = load();

    private LabelEventSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = LabelEventSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " not on the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema violations of {@code json}; empty when valid. */
    public static Set<ValidationMessage> violations(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return SCHEMA.validate(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
