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
    public static final String STATE_RESOURCE = "/schema/stream-state-event.schema.json";
    private static final JsonSchema SCHEMA = load(RESOURCE);
    private static final JsonSchema STATE_SCHEMA = load(STATE_RESOURCE);
    public static final String EPISODE_RESOURCE = "/schema/episode-event.schema.json";
    private static final JsonSchema EPISODE_SCHEMA = load(EPISODE_RESOURCE);

    private LabelEventSchema() {
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = LabelEventSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the classpath");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema violations of {@code json}; empty when valid. */
    public static Set<ValidationMessage> violations(String json) {
        return violations(SCHEMA, json);
    }

    /** As {@link #violations}, against the stream state event schema ({@value #STATE_RESOURCE}). */
    public static Set<ValidationMessage> stateViolations(String json) {
        return violations(STATE_SCHEMA, json);
    }

    /** As {@link #violations}, against the episode event schema ({@value #EPISODE_RESOURCE}). */
    public static Set<ValidationMessage> episodeViolations(String json) {
        return violations(EPISODE_SCHEMA, json);
    }

    private static Set<ValidationMessage> violations(JsonSchema schema, String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return schema.validate(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
