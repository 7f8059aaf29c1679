package dev.actionstream.runtime.source;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterReset() {
        Backoff b = new Backoff(250, 4_000);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(b.nextDelayMillis());
        }
        assertEquals(List.of(250L, 500L, 1_000L, 2_000L, 4_000L, 4_000L, 4_000L), delays);
        b.reset();
        assertEquals(250L, b.nextDelayMillis());
    }

    @Test
    void rejectsACapBelowTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(500, 100));
    }
}
