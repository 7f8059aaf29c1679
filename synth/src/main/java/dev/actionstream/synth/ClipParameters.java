package dev.actionstream.synth;

import dev.actionstream.synth.figure.Motion;
import dev.actionstream.synth.figure.Physique;
import dev.actionstream.synth.scene.Staging;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Everything random about one clip: who acts ({@link Physique}), how ({@link Motion}) and where ({@link Staging}).
 * Independent of frame size and rate; {@link #random(Action, long)} is a pure function of its arguments.
 */
public record ClipParameters(Action action, long seed, Physique physique, Motion motion, Staging staging) {

    public ClipParameters {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(physique, "physique");
        Objects.requireNonNull(motion, "motion");
        Objects.requireNonNull(staging, "staging");
    }

    /** The clip drawn for {@code action} from {@code seed}: same arguments, same clip. */
    public static ClipParameters random(Action action, long seed) {
        Objects.requireNonNull(action, "action");
        // Separate streams, so that e.g. a change to how staging is drawn leaves actors and motions as they were.
        SplittableRandom actor = new SplittableRandom(Seeds.derive(seed, 1));
        SplittableRandom motion = new SplittableRandom(Seeds.derive(seed, 2));
        SplittableRandom stage = new SplittableRandom(Seeds.derive(seed, 3));
        return new ClipParameters(action, seed, Physique.random(actor), Motion.random(action, motion),
                Staging.random(action, stage));
    }
}
