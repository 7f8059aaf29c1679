package dev.actionstream.synth;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The actions the figures perform: KTH's six, then actions no shipped model has seen.
 *
 * <p>KTH's six come first, alphabetical by {@link #id()}, which is also the class-folder name and the label order of
 * every model trained on this data; they are what a dataset and the live source hold unless told otherwise
 * ({@link #all()}). The further actions follow them and are rendered only when named ({@link #parseList(String)}).
 * New actions are appended: {@link #ordinal()} seeds each action's clips, so an action's position must never change.
 */
public enum Action {
    BOXING,
    HANDCLAPPING,
    HANDWAVING,
    JOGGING,
    RUNNING,
    WALKING,
    /** Arms from the sides to overhead as the legs spread, and back as they close, with a hop; from the front. */
    JUMPINGJACKS,
    /** Knees and hips bend deeply and straighten, arms forward, on the spot; seen from the side. */
    SQUATS;

    private static final List<Action> KTH = List.of(BOXING, HANDCLAPPING, HANDWAVING, JOGGING, RUNNING, WALKING);
    private static final List<String> IDS = KTH.stream().map(Action::id).toList();
    private static final List<String> ALL_IDS = Arrays.stream(values()).map(Action::id).toList();

    /** Lower-case name: {@code boxing, handclapping, ..., walking, jumpingjacks, squats}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The three actions told apart only by cadence and speed. */
    public boolean isLocomotion() {
        return this == JOGGING || this == RUNNING || this == WALKING;
    }

    /** Whether this is one of KTH's six, the actions the shipped models know. */
    public boolean isKth() {
        return ordinal() < KTH.size();
    }

    /** Label order of KTH's six: their ids in declaration order. */
    public static List<String> labels() {
        return IDS;
    }

    /** KTH's six, in label order: the default of every dataset and live source. */
    public static List<Action> all() {
        return KTH;
    }

    /** Any action of KTH's six but this one, uniformly: a switch to it is always a real change of label. */
    public Action anyOther(SplittableRandom random) {
        return anyOther(KTH, random);
    }

    /**
     * Any action of {@code among} but this one, uniformly; this one, without drawing, if {@code among} holds no
     * other. For {@link #all()} it draws exactly as {@link #anyOther(SplittableRandom)}.
     */
    public Action anyOther(List<Action> among, SplittableRandom random) {
        int self = among.indexOf(this);
        if (self < 0) {
            throw new IllegalArgumentException(this + " is not one of " + among);
        }
        if (among.size() == 1) {
            return this;
        }
        int pick = random.nextInt(among.size() - 1);
        return among.get(pick >= self ? pick + 1 : pick);
    }

    /** Parses an id (case-insensitive); the message lists the valid ones. */
    public static Action ofId(String id) {
        String key = id == null ? "" : id.trim().toUpperCase(Locale.ROOT);
        for (Action a : values()) {
            if (a.name().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + id + "', expected one of " + ALL_IDS);
    }

    /**
     * Parses a comma-separated list of ids such as {@code walking,squats} into a selection: in declaration order
     * whatever the order written, so that a selection renders the same whichever way it is spelled. Rejects an empty
     * list and an action named twice.
     */
    public static List<Action> parseList(String ids) {
        Set<Action> chosen = EnumSet.noneOf(Action.class);
        for (String id : (ids == null ? "" : ids).split(",", -1)) {
            if (id.isBlank()) {
                throw new IllegalArgumentException("empty action in '" + ids + "', expected a comma-separated list of "
                        + ALL_IDS);
            }
            if (!chosen.add(ofId(id))) {
                throw new IllegalArgumentException("action '" + id.trim() + "' named twice in '" + ids + "'");
            }
        }
        return List.copyOf(chosen);
    }

    /**
     * {@code actions} as a selection, the form {@link #parseList(String)} gives: distinct, in declaration order.
     * Rejects an empty collection.
     */
    public static List<Action> selection(Collection<Action> actions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("no actions selected, expected some of " + ALL_IDS);
        }
        return List.copyOf(EnumSet.copyOf(actions));
    }

    /** Comma-separated ids of {@code actions}, as {@link #parseList(String)} reads them. */
    public static String ids(List<Action> actions) {
        return String.join(",", actions.stream().map(Action::id).toList());
    }
}
