package dev.actionstream.runtime.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a job is. The last four are final; a job found unfinished after a restart is {@link #INTERRUPTED}. */
public enum JobState {
    QUEUED, TRAINING, EXPORTING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    public boolean finished() {
        return ordinal() >= SUCCEEDED.ordinal();
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
