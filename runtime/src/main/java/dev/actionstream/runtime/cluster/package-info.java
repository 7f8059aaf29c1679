/**
 * Several runtime nodes sharing streams through Kafka ({@code serve --cluster}): stream definitions on a compacted
 * topic, assigned to nodes by Kafka's consumer-group protocol ({@code cluster-streams} thread), events on one topic,
 * nodes announcing themselves on another ({@code cluster-announce}, {@code cluster-fleet} threads).
 */
package dev.actionstream.runtime.cluster;
