package dev.actionstream.synth.figure;

import dev.actionstream.synth.Action;

import java.util.SplittableRandom;

/**
 * How a figure moves while performing one action: a periodic, closed-form function of time, so any frame of a clip
 * can be rendered on its own. Implementations are immutable records of their per-clip random parameters.
 */
public sealed interface Motion permits Gait, Boxing, HandWaving, HandClapping, JumpingJacks, Squats {

    /** Writes the pose at {@code seconds} after the clip starts into {@code out}. */
    void pose(double seconds, Physique body, Pose out);

    /** Translation speed across the ground in body heights per second (0 for actions performed on the spot). */
    double speed();

    /** Repetitions per second of the movement's main cycle (gait cycles, punch pairs, waves, claps, jacks, squats). */
    double cadenceHz();

    /** Draws the parameters of one performance of {@code action}. */
    static Motion random(Action action, SplittableRandom rnd) {
        return switch (action) {
            case WALKING, JOGGING, RUNNING -> Gait.random(action, rnd);
            case BOXING -> Boxing.random(rnd);
            case HANDWAVING -> HandWaving.random(rnd);
            case HANDCLAPPING -> HandClapping.random(rnd);
            case JUMPINGJACKS -> JumpingJacks.random(rnd);
            case SQUATS -> Squats.random(rnd);
        };
    }
}
