/**
 * Shadow scoring: a candidate scores the same live frames as the serving model on chosen streams, on its own
 * {@code shadow} thread. Grabbers hand it copies after the ring publish, into a few preallocated slots per stream; when
 * none is free the frame is dropped and counted, so the serving model's events never wait for the candidate.
 */
package dev.actionstream.runtime.shadow;
