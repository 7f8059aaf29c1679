/**
 * The runtime's one Prometheus registry and the meters the pipeline stages update. Grabber threads, the scoring
 * thread and the model loader update meters; the server only scrapes and adds its own subscriber meters.
 */
package dev.actionstream.runtime.metrics;
