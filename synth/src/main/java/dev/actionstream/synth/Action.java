package dev.actionstream.synth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * KTH's six human actions. Declaration order is alphabetical by {@link #id()}, which is also the class-folder name
 * and the label order of every model trained on this data.
 */
public enum Action {
    BOXING,
    HANDCLAPPING,
    HANDWAVING,
    JOGGING,
    RUNNING,
    WALKING;

    private static final List<Action> ALL = List.of(values());
    private static final List<String> IDS = ALL.stream().map(Action::id).toList();

    /** Lower-case name: {@code boxing, handclapping, handwaving, jogging, running, walking}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The three actions told apart only by cadence and speed. */
    public boolean isLocomotion() {
        return this == JOGGING || this == RUNNING || this == WALKING;
    }

    /** Label order: the ids in declaration order. */
    public static List<String> labels() {
        return IDS;
    }

    public static List<Action> all() {
        return ALL;
    }

    /** Any action but this one, uniformly: a switch to it is always a real change of label. */
    public Action anyOther(SplittableRandom random) {
        int pick = random.nextInt(ALL.size() - 1);
        return ALL.get(pick >= ordinal() ? pick + 1 : pick);
    }

    /** Parses an id (case-insensitive); the message lists the valid ones. */
    public static Action ofId(String id) {
        String key = id == null ? "" : id.trim().toUpperCase(Locale.ROOT);
        for (Action a : ALL) {
            if (a.name().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + id + "', expected one of " + Arrays.toString(IDS.toArray()));
    }
}
