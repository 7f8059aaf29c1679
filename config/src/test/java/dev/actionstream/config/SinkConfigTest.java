package dev.actionstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkConfigTest {

    @TempDir
    Path dir;

    private RuntimeConfig load(String yaml) throws IOException {
        Path f = dir.resolve("serve.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults());
    }

    @Test
    void servesTheWebSocketAloneByDefault() throws IOException {
        assertEquals(List.of(new WebSocketSinkConfig()), load("server:\n  port: 9000\n").sinks());
    }

    @Test
    void readsBrokerSinksWithTheirDefaults() throws IOException {
        RuntimeConfig c = load("""
                sinks:
                  - type: websocket
                  - type: mqtt
                    url: tcp://broker.local:1883
                    homeAssistant: true
                  - type: kafka
                    bootstrapServers: k1:9092,k2:9092
                    properties:
                      security.protocol: SSL
                """);
        assertEquals(3, c.sinks().size());
        MqttSinkConfig mqtt = (MqttSinkConfig) c.sinks().get(1);
        assertEquals("mqtt", mqtt.name());
        assertEquals("actionstream", mqtt.topicPrefix());
        assertEquals(1, mqtt.qos());
        assertTrue(mqtt.homeAssistant());
        assertEquals("homeassistant", mqtt.discoveryPrefix());
        assertFalse(mqtt.tls());
        assertEquals(SinkConfig.DEFAULT_BUFFER_EVENTS, mqtt.bufferEvents());
        KafkaSinkConfig kafka = (KafkaSinkConfig) c.sinks().get(2);
        assertEquals("actionstream.events", kafka.topic());
        assertEquals(Map.of("security.protocol", "SSL"), kafka.properties());
    }

    @Test
    void defaultsSurviveARoundTripThroughYaml() throws IOException {
        RuntimeConfig withSinks = RuntimeConfig.defaults().withSinks(List.of(new WebSocketSinkConfig(),
                MqttSinkConfig.of("ssl://b:8883").withLogin("u", "p"), KafkaSinkConfig.of("k:9092", "t")));
        Path f = dir.resolve("round.yaml");
        Files.writeString(f, ConfigLoader.toYaml(withSinks));
        assertEquals(withSinks.sinks(), ConfigLoader.load(f, RuntimeConfig.class, RuntimeConfig.defaults()).sinks());
    }

    @Test
    void rejectsAnUnknownSinkTypeNamingTheKnownOnes() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("sinks:\n  - type: mqqt\n"));
        assertTrue(e.getMessage().contains("mqqt") && e.getMessage().contains("kafka")
                && e.getMessage().contains("mqtt") && e.getMessage().contains("websocket"), e.getMessage());
    }

    @Test
    void rejectsBadBrokerSettingsNamingTheKey() throws IOException {
        assertMessage("sinks.mqtt.qos", "sinks:\n  - type: mqtt\n    url: tcp://h:1883\n    qos: 3\n");
        assertMessage("sinks.mqtt.url", "sinks:\n  - type: mqtt\n    url: h:1883\n");
        assertMessage("sinks.mqtt.topicPrefix", "sinks:\n  - type: mqtt\n    url: tcp://h:1\n    topicPrefix: a/#\n");
        assertMessage("sinks.mqtt.caFile", "sinks:\n  - type: mqtt\n    url: tcp://h:1\n    caFile: ca.pem\n");
        assertMessage("sinks.kafka.properties.acks",
                "sinks:\n  - type: kafka\n    bootstrapServers: h:9092\n    properties: {acks: '1'}\n");
        assertMessage("sinks.kafka.bufferEvents",
                "sinks:\n  - type: kafka\n    bootstrapServers: h:9092\n    bufferEvents: 0\n");
        assertMessage("names must be unique", "sinks:\n  - type: mqtt\n    url: tcp://a:1\n"
                + "  - type: mqtt\n    url: tcp://b:1\n");
        assertMessage("unknown key", "sinks:\n  - type: mqtt\n    url: tcp://a:1\n    qso: 1\n");
    }

    @Test
    void neverPrintsThePassword() {
        assertFalse(MqttSinkConfig.of("tcp://h:1").withLogin("user", "hunter2").toString().contains("hunter2"));
    }

    private void assertMessage(String expected, String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
