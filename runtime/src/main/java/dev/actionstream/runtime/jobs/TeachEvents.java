package dev.actionstream.runtime.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.actionstream.config.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of job and model events on {@code /ws?jobs=true}: {@code {"type":"job","job":{...}}}. */
public final class TeachEvents {

    private TeachEvents() {
    }

    public static String job(JobRecord job) {
        return typed("job", "job", job);
    }

    /** A model event: {@code promoted}, {@code rolled-back}, {@code shadow}: its payload under {@code model}. */
    public static String model(String kind, Object payload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "model");
        m.put("event", kind);
        m.put("model", payload);
        return write(m);
    }

    private static String typed(String type, String field, Object payload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put(field, payload);
        return write(m);
    }

    private static String write(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job event not serialisable", e);
        }
    }
}
