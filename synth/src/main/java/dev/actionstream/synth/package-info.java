/**
 * The built-in synthetic human-action data: articulated figures performing {@link dev.actionstream.synth.Action}s (by
 * default KTH's six; jumping jacks and squats on request),
 * rendered clip by clip ({@link dev.actionstream.synth.ClipRenderer}) or as an endless labelled live stream
 * ({@link dev.actionstream.synth.SyntheticLiveSource}). Everything is a pure function of a seed.
 */
package dev.actionstream.synth;
