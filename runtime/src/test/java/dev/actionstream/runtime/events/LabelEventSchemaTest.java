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
