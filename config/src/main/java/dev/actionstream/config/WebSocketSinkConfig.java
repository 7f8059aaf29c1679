package dev.actionstream.config;

/** The {@code /ws} subscribers as a sink ({@code - type: websocket}); it has no settings of its own. */
public record WebSocketSinkConfig() implements SinkConfig {

    public static final String TYPE = "websocket";

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public String toString() {
        return "websocket sink (/ws)";
    }
}
