/**
 * The Disruptor ring between grabber threads (producers, {@code grab-<stream>}) and the scoring thread (the single
 * consumer, {@code score-0}). Slots are preallocated; a producer that finds the ring full drops its frame and counts it.
 */
package dev.actionstream.runtime.ring;
