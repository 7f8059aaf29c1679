package dev.actionstream.runtime.sink.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actionstream.config.Json;
import java.nio.charset.StandardCharsets;

/**
 * Home Assistant's MQTT discovery messages: each stream appears as a device with one sensor, "Action" (entity
 * {@code sensor.<stream>_action}), whose state is
 * the retained label topic, whose attributes are the latest event's fields, and which is unavailable while the
 * status topic says {@code offline}. Published retained, so Home Assistant finds them whenever it starts.
 */
final class HomeAssistantDiscovery {

    private final String discoveryPrefix;
    private final String clientId;
    private final MqttTopics topics;

    HomeAssistantDiscovery(String discoveryPrefix, String clientId, MqttTopics topics) {
        this.discoveryPrefix = discoveryPrefix;
        this.clientId = clientId;
        this.topics = topics;
    }

    /** {@code <discoveryPrefix>/sensor/<node>/<object>/config}; ids keep only the characters Home Assistant allows. */
    String topic(String stream) {
        return discoveryPrefix + "/sensor/" + id(clientId) + "/" + id(stream) + "/config";
    }

    byte[] payload(String stream) {
        String unique = id(clientId) + "_" + id(stream);
        ObjectNode config = Json.MAPPER.createObjectNode()
                .put("name", "Action")
                .put("unique_id", unique + "_action")
                .put("state_topic", topics.label(stream))
                .put("json_attributes_topic", topics.events(stream))
                .put("availability_topic", topics.status())
                .put("payload_available", MqttTopics.ONLINE)
                .put("payload_not_available", MqttTopics.OFFLINE)
                .put("icon", "mdi:run");
        ObjectNode device = config.putObject("device");
        device.putArray("identifiers").add(unique);
        device.put("name", stream).put("manufacturer", "actionstream").put("model", "action recognition");
        return config.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String id(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
