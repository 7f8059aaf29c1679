package dev.actionstream.runtime.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSettingsTest {

    @Test
    void stopsItsStreamsAHeartbeatBeforeTheSessionEnds() {
        ClusterSettings s = ClusterSettings.of("k1:9092,k2:9092", "edge-1", 10_000);
        assertEquals(2_000, s.heartbeatMillis());
        assertEquals(8_000, s.silenceLimitMillis());
    }

    @Test
    void namesTheNodeAfterTheHostByDefault() {
        String id = ClusterSettings.of("k1:9092", null, 10_000).nodeId();
        assertTrue(id.matches("[A-Za-z0-9_.-]{1,64}"), id);
    }

    @Test
    void rejectsBadSettingsNamingTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSettings.of("k1", "n", 10_000))
                .getMessage().startsWith("--cluster"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSettings.of("k1:9092", "a b", 10_000))
                .getMessage().startsWith("--node-id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSettings.of("k1:9092", "n", 500))
                .getMessage().startsWith("--session-timeout-ms"));
    }
}
