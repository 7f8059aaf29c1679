/** Clients a newcomer can run against a live runtime: e.g. {@link dev.actionstream.examples.LabelSubscriber}. */
package dev.actionstream.examples;
