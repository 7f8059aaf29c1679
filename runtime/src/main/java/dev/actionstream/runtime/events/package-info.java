/**
 * Label and stream-state events, their JSON form, and the {@link EventSink} seam every delivery implements (no
 * transport here). Published on the scoring thread (labels) and grabber threads (states); sinks never block them.
 */
package dev.actionstream.runtime.events;
