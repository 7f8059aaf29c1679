/**
 * The MQTT sink over Eclipse Paho: topics per stream, the retained label and availability, Home Assistant discovery,
 * TLS. Driven by its {@link dev.actionstream.runtime.sink.BufferedSink}'s thread; Paho's threads report deliveries.
 */
package dev.actionstream.runtime.sink.mqtt;
