package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a trained candidate becomes the serving model ({@code teach.promotion}): by hand, or by the policy. */
public enum PromotionMode {
    MANUAL, AUTO;

    @JsonCreator
    public static PromotionMode of(String s) {
        if (s == null) {
            return MANUAL;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "manual" -> MANUAL;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("teach.promotion: must be manual or auto, got '" + s + "'");
        };
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
