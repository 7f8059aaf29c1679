/**
 * The articulated figure: a {@link dev.actionstream.synth.figure.Physique} (build and clothes), a
 * {@link dev.actionstream.synth.figure.Motion} per action that poses the skeleton as a closed-form function of time,
 * and the {@link dev.actionstream.synth.figure.FigurePainter} that draws the pose with Java2D.
 */
package dev.actionstream.synth.figure;
