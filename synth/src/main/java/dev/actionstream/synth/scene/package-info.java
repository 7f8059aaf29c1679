/**
 * Everything around the actor: the random {@link dev.actionstream.synth.scene.Staging} of a clip, its
 * {@link dev.actionstream.synth.scene.Backdrop} and the per-frame {@link dev.actionstream.synth.scene.SensorNoise}.
 */
package dev.actionstream.synth.scene;
