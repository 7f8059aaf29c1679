package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Events to an MQTT broker ({@code - type: mqtt}): each event as JSON on {@code <topicPrefix>/<stream>/events}, the
 * stream's current label retained on {@code <topicPrefix>/<stream>/label}, {@code online}/{@code offline} retained on
 * {@code <topicPrefix>/status} (the last will, so a crash reads {@code offline} too).
 *
 * @param url                    {@code tcp://host:1883}, or {@code ssl://host:8883} for TLS
 * @param clientId               the MQTT client id; unique per broker (two clients with one id knock each other off)
 * @param username               empty: no login
 * @param password               sent only with a username
 * @param caFile                 PEM file of the CA that signed the broker's certificate ({@code ssl://} only); empty:
 *                               the JVM's trusted CAs
 * @param topicPrefix            first topic level; give each actionstream on one broker its own
 * @param qos                    0, 1 or 2 for events and the label
 * @param homeAssistant          publish Home Assistant MQTT discovery, one sensor per stream
 * @param discoveryPrefix        Home Assistant's discovery prefix
 * @param connectTimeoutMillis   one connection attempt gives up after this long
 */
public record MqttSinkConfig(String name, String url, String clientId, String username, String password,
                             String caFile, String topicPrefix, int qos, boolean homeAssistant, String discoveryPrefix,
                             long connectTimeoutMillis, int bufferEvents, long reconnectInitialMillis,
                             long reconnectMaxMillis) implements SinkConfig {

    public static final String TYPE = "mqtt";

    public MqttSinkConfig {
        name = name == null ? TYPE : name;
        SinkConfig.checkName("sinks." + TYPE, name);
        String key = "sinks." + name;
        if (url == null || !url.matches("(tcp|ssl)://[^/]+")) {
            throw new IllegalArgumentException(key + ".url: tcp://HOST:PORT or ssl://HOST:PORT, got '" + url + "'");
        }
        clientId = clientId == null || clientId.isBlank() ? "actionstream" : clientId;
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        caFile = caFile == null ? "" : caFile;
        if (!caFile.isEmpty() && !url.startsWith("ssl://")) {
            throw new IllegalArgumentException(key + ".caFile: only used with an ssl:// url, got url " + url);
        }
        topicPrefix = topicPrefix == null ? "actionstream" : topicPrefix;
        if (!topicPrefix.matches("[^#+/][^#+]*") || topicPrefix.endsWith("/")) {
            throw new IllegalArgumentException(key + ".topicPrefix: a topic without wildcards (#, +) or leading or "
                    + "trailing '/', got '" + topicPrefix + "'");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException(key + ".qos: 0, 1 or 2, got " + qos);
        }
        discoveryPrefix = discoveryPrefix == null || discoveryPrefix.isBlank() ? "homeassistant" : discoveryPrefix;
        if (connectTimeoutMillis < 1_000) {
            throw new IllegalArgumentException(key + ".connectTimeoutMillis: must be >= 1000, got "
                    + connectTimeoutMillis);
        }
        SinkConfig.checkDelivery(key, bufferEvents, reconnectInitialMillis, reconnectMaxMillis);
    }

    /** A config entry needs only {@code url}; every other key has a default. */
    @JsonCreator
    static MqttSinkConfig fromConfig(@JsonProperty("name") String name, @JsonProperty("url") String url,
                                     @JsonProperty("clientId") String clientId,
                                     @JsonProperty("username") String username,
                                     @JsonProperty("password") String password,
                                     @JsonProperty("caFile") String caFile,
                                     @JsonProperty("topicPrefix") String topicPrefix,
                                     @JsonProperty("qos") Integer qos,
                                     @JsonProperty("homeAssistant") Boolean homeAssistant,
                                     @JsonProperty("discoveryPrefix") String discoveryPrefix,
                                     @JsonProperty("connectTimeoutMillis") Long connectTimeoutMillis,
                                     @JsonProperty("bufferEvents") Integer bufferEvents,
                                     @JsonProperty("reconnectInitialMillis") Long reconnectInitialMillis,
                                     @JsonProperty("reconnectMaxMillis") Long reconnectMaxMillis) {
        return new MqttSinkConfig(name, url, clientId, username, password, caFile, topicPrefix, qos == null ? 1 : qos,
                homeAssistant != null && homeAssistant, discoveryPrefix,
                connectTimeoutMillis == null ? 10_000 : connectTimeoutMillis,
                bufferEvents == null ? DEFAULT_BUFFER_EVENTS : bufferEvents,
                reconnectInitialMillis == null ? DEFAULT_RECONNECT_INITIAL_MILLIS : reconnectInitialMillis,
                reconnectMaxMillis == null ? DEFAULT_RECONNECT_MAX_MILLIS : reconnectMaxMillis);
    }

    /** {@code url} with every other key at its default. */
    public static MqttSinkConfig of(String url) {
        return fromConfig(null, url, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public MqttSinkConfig withDelivery(int buffer, long initialMillis, long maxMillis) {
        return new MqttSinkConfig(name, url, clientId, username, password, caFile, topicPrefix, qos, homeAssistant,
                discoveryPrefix, connectTimeoutMillis, buffer, initialMillis, maxMillis);
    }

    /** Another sink name and MQTT client id (two sinks on one broker need both to differ). */
    public MqttSinkConfig withIdentity(String sinkName, String client) {
        return new MqttSinkConfig(sinkName, url, client, username, password, caFile, topicPrefix, qos, homeAssistant,
                discoveryPrefix, connectTimeoutMillis, bufferEvents, reconnectInitialMillis, reconnectMaxMillis);
    }

    public MqttSinkConfig withHomeAssistant(boolean on) {
        return new MqttSinkConfig(name, url, clientId, username, password, caFile, topicPrefix, qos, on,
                discoveryPrefix, connectTimeoutMillis, bufferEvents, reconnectInitialMillis, reconnectMaxMillis);
    }

    public MqttSinkConfig withLogin(String user, String pass) {
        return new MqttSinkConfig(name, url, clientId, user, pass, caFile, topicPrefix, qos, homeAssistant,
                discoveryPrefix, connectTimeoutMillis, bufferEvents, reconnectInitialMillis, reconnectMaxMillis);
    }

    public MqttSinkConfig withQos(int q) {
        return new MqttSinkConfig(name, url, clientId, username, password, caFile, topicPrefix, q, homeAssistant,
                discoveryPrefix, connectTimeoutMillis, bufferEvents, reconnectInitialMillis, reconnectMaxMillis);
    }

    public MqttSinkConfig withCaFile(String file) {
        return new MqttSinkConfig(name, url, clientId, username, password, file, topicPrefix, qos, homeAssistant,
                discoveryPrefix, connectTimeoutMillis, bufferEvents, reconnectInitialMillis, reconnectMaxMillis);
    }

    /** Never in logs or in {@code toString}. */
    @Override
    public String toString() {
        return "mqtt sink " + name + " (" + url + (username.isEmpty() ? "" : ", user " + username) + ", topics "
                + topicPrefix + "/#, qos " + qos + ")";
    }

    @JsonIgnore
    public boolean tls() {
        return url.startsWith("ssl://");
    }
}
