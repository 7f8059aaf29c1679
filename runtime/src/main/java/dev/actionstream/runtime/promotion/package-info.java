/**
 * Promotion and rollback of trained candidates: a promotion hot-swaps a candidate into the models folder and makes it
 * serve; every promotion and rollback is recorded (who, when, why, the metrics at the time) in a JSON history that a
 * rollback walks back. Runs on the API's worker thread, never on the scoring thread.
 */
package dev.actionstream.runtime.promotion;
