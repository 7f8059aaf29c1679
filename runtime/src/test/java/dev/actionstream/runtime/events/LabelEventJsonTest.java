package dev.actionstream.runtime.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The wire form of a label event, byte for byte: field names, order and number formatting are the contract. */
class LabelEventJsonTest {

    @Test
    void aPeriodicEventIsFlatWithTheWindowAndModelInline() {
        assertEquals("{\"schemaVersion\":2,\"stream\":\"cam1\",\"sequence\":7,\"frameIndex\":43,"
                + "\"captureTimestampMs\":1780000001120,\"windowStartFrame\":28,\"windowEndFrame\":43,"
                + "\"label\":\"waving\",\"confidence\":0.6,\"uncertain\":false,\"reason\":\"periodic\","
                + "\"topK\":[{\"label\":\"waving\",\"probability\":0.6},"
                + "{\"label\":\"action-with-a-rather-long-name-1\",\"probability\":0.3},"
                + "{\"label\":\"action-with-a-rather-long-name-2\",\"probability\":0.15}],"
                + "\"modelName\":\"convlstm-tiny\",\"modelVersion\":\"1\",\"executionProvider\":\"CPU\","
                + "\"latencyMs\":12.5,\"oodScore\":null,\"known\":true}",
                EventJson.label(TestEvents.event("cam1", 7)));
    }

    @Test
    void theReasonOfAChangeIsWrittenInLowerCase() {
        assertEquals("\"reason\":\"change\"", EventJson.label(TestEvents.event("cam1", 1)).replaceAll(
                ".*(\"reason\":\"[a-z]+\").*", "$1"));
    }
}
