package dev.actionstream.runtime.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actionstream.config.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelEventSchemaTest {

    @Test
    void serialisedEventsValidate() {
        String json = EventJson.label(TestEvents.event("cam1", 1));
        assertEquals(List.of(), List.copyOf(LabelEventSchema.violations(json)), json);
        LabelEvent uncertain = new LabelEvent("cam-2", 7, new WindowSpan(25, 40, 1_780_000_000_000L),
                LabelEvent.UNCERTAIN, 0.31, true, LabelEvent.Reason.CHANGE,
                List.of(new LabelEvent.LabelScore("walking", 0.31)), new ModelRef("lrcn", "2024.1", "CUDA"), 0.0);
        assertEquals(List.of(), List.copyOf(LabelEventSchema.violations(EventJson.label(uncertain))));
        String unknown = EventJson.label(unknown());
        assertEquals(List.of(), List.copyOf(LabelEventSchema.violations(unknown)), unknown);
    }

    @Test
    void eventsSayTheirSchemaVersionScoreAndWhetherTheWindowIsKnown() throws Exception {
        ObjectNode unknown = (ObjectNode) Json.MAPPER.readTree(EventJson.label(unknown()));
        assertEquals(LabelEvent.SCHEMA_VERSION, unknown.get("schemaVersion").asInt());
        assertEquals(2, LabelEvent.SCHEMA_VERSION);
        assertEquals(41.5, unknown.get("oodScore").asDouble(), 1e-9);
        assertFalse(unknown.get("known").asBoolean());
        // A model exported before ood_score: the score is null, and the label can never be unknown.
        ObjectNode older = (ObjectNode) Json.MAPPER.readTree(EventJson.label(TestEvents.event("cam1", 1)));
        assertTrue(older.get("oodScore").isNull());
        assertTrue(older.get("known").asBoolean());
        assertTrue(LabelEventSchema.violations(older.toString()).isEmpty());

        ObjectNode version1 = unknown.deepCopy();
        version1.remove("schemaVersion");
        assertFalse(LabelEventSchema.violations(version1.toString()).isEmpty(),
                "version 1 events have no schemaVersion");
        assertFalse(LabelEventSchema.violations(unknown.deepCopy().put("schemaVersion", 1).toString()).isEmpty());
        ObjectNode noKnown = unknown.deepCopy();
        noKnown.remove("known");
        assertFalse(LabelEventSchema.violations(noKnown.toString()).isEmpty());
        assertFalse(LabelEventSchema.violations(unknown.deepCopy().put("oodScore", "high").toString()).isEmpty());
        // known and the label agree both ways.
        assertFalse(LabelEventSchema.violations(unknown.deepCopy().put("known", true).toString()).isEmpty());
        assertFalse(LabelEventSchema.violations(unknown.deepCopy().put("label", "walking").toString()).isEmpty());
    }

    private static LabelEvent unknown() {
        return new LabelEvent("lobby", 3, new WindowSpan(8, 15, 1_780_000_000_000L), LabelEvent.UNKNOWN, 0.97, false,
                LabelEvent.Reason.CHANGE, List.of(new LabelEvent.LabelScore("walking", 0.6)),
                new ModelRef("lrcn-synthetic-live", "20261127-073501", "CPU"), 3.2, 41.5, false);
    }

    @Test
    void schemaRejectsExtraFieldsWrongEnumsAndMissingFields() throws Exception {
        ObjectNode good = (ObjectNode) Json.MAPPER.readTree(EventJson.label(TestEvents.event("cam1", 1)));

        ObjectNode extra = good.deepCopy().put("surprise", 1);
        assertFalse(LabelEventSchema.violations(extra.toString()).isEmpty());

        ObjectNode badReason = good.deepCopy().put("reason", "because");
        assertFalse(LabelEventSchema.violations(badReason.toString()).isEmpty());

        ObjectNode badProvider = good.deepCopy().put("executionProvider", "TPU");
        assertFalse(LabelEventSchema.violations(badProvider.toString()).isEmpty());

        ObjectNode missing = good.deepCopy();
        missing.remove("latencyMs");
        assertFalse(LabelEventSchema.violations(missing.toString()).isEmpty());

        ObjectNode badConfidence = good.deepCopy().put("confidence", 1.5);
        assertFalse(LabelEventSchema.violations(badConfidence.toString()).isEmpty());

        assertTrue(LabelEventSchema.violations(good.toString()).isEmpty());
    }
}
