package dev.actionstream.runtime.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streams topic's records: key the stream's name (UTF-8), value its definition as JSON, the same fields as a
 * config file's {@code streams:} entry ({@code name}, {@code source}, {@code stride}, {@code loop}, {@code paced});
 * a null value (tombstone) deletes the stream.
 */
public final class StreamRecords {

    private StreamRecords() {
    }

    public static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(RuntimeConfig.Stream stream) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", stream.name());
        m.put("source", stream.source());
        m.put("stride", stream.stride());
        m.put("loop", stream.loop());
        m.put("paced", stream.paced());
        try {
            return Json.MAPPER.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a definition (not a tombstone).
     *
     * @throws IllegalArgumentException what is wrong with it: no key, not JSON, a bad field, a name unlike its key
     */
    public static RuntimeConfig.Stream parse(byte[] key, byte[] value) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("stream record without a key (the key is the stream's name)");
        }
        String name = new String(key, StandardCharsets.UTF_8);
        RuntimeConfig.Stream s;
        try {
            s = Json.MAPPER.readValue(value, RuntimeConfig.Stream.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException i ? i : e;
            throw new IllegalArgumentException("stream record '" + name + "': " + firstLine(cause.getMessage()), e);
        }
        if (!s.name().equals(name)) {
            throw new IllegalArgumentException("stream record '" + name + "' names stream '" + s.name()
                    + "': the key must be the stream's name");
        }
        return s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "not a stream definition";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
