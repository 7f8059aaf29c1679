package dev.actionstream.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** A configuration file that cannot be used; the message names the file and the offending key. */
public final class ConfigException extends RuntimeException {

    private final transient Path file;
    private final String key;

    public ConfigException(Path file, String key, String problem, Throwable cause) {
        super(file + ": " + (key.isEmpty() ? "" : "'" + key + "': ") + problem, cause);
        this.file = file;
        this.key = key;
    }

    public Path file() {
        return file;
    }

    /** Dotted path of the offending key, e.g. {@code training.dataset.frameWidth}; empty for whole-file problems. */
    public String key() {
        return key;
    }

    static ConfigException of(Path file, JsonProcessingException e) {
        return new ConfigException(file, keyPath(e), problem(e), e);
    }

    static String keyPath(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            return m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
        }
        return "";
    }

    static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key; known keys here: " + u.getKnownPropertyIds();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException || root instanceof NullPointerException) {
            return root.getMessage();
        }
        return e.getOriginalMessage();
    }

    /** One line for a Jackson error: key path and problem. */
    static String describe(JsonProcessingException e) {
        String key = keyPath(e);
        return (key.isEmpty() ? "" : "'" + key + "': ") + problem(e);
    }

    /** Whether Jackson reported this as a binding (rather than syntax) problem. */
    static boolean isBinding(JsonProcessingException e) {
        return e instanceof DatabindException;
    }
}
