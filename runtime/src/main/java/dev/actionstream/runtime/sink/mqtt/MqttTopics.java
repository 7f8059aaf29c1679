package dev.actionstream.runtime.sink.mqtt;

/**
 * The topic layout under one prefix: {@code <prefix>/<stream>/events} (every event, JSON), {@code <prefix>/<stream>/label}
 * (the current label, plain text, retained) and {@code <prefix>/status} ({@code online} / {@code offline}, retained;
 * the last will). Stream names ({@code A-Z a-z 0-9 _ . -}) are valid topic levels as they are.
 */
public record MqttTopics(String prefix) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public String events(String stream) {
        return prefix + "/" + stream + "/events";
    }

    public String label(String stream) {
        return prefix + "/" + stream + "/label";
    }

    public String status() {
        return prefix + "/status";
    }
}
