package dev.actionstream.runtime.events;

import java.util.ArrayList;
import java.util.List;

/** Realistic label events for tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static LabelEvent event(String stream, long sequence) {
        return event(stream, sequence, 3);
    }

    /** {@code topK} entries with long label names make big events (for filling buffers quickly). */
    public static LabelEvent event(String stream, long sequence, int topK) {
        List<LabelEvent.LabelScore> scores = new ArrayList<>();
        double p = 0.6;
        for (int i = 0; i < topK; i++) {
            scores.add(new LabelEvent.LabelScore(i == 0 ? "waving" : "action-with-a-rather-long-name-" + i, p));
            p = p / 2;
        }
        long frame = 15 + sequence * 4;
        return new LabelEvent(stream, sequence, new WindowSpan(frame - 15, frame, 1_780_000_000_000L + sequence * 160),
                "waving", 0.6, false, sequence == 1 ? LabelEvent.Reason.CHANGE : LabelEvent.Reason.PERIODIC, scores,
                new ModelRef("convlstm-tiny", "1", "CPU"), 12.5);
    }
}
