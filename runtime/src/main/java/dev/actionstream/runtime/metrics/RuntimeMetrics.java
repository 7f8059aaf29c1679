package dev.actionstream.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * All pipeline meters, on one {@link PrometheusMeterRegistry}. Per-stream meters are looked up once, when a stream
 * is added ({@link #stream(String)}), so the hot path only increments pre-resolved meters and allocates nothing.
 *
 * <p>Names (Prometheus form): {@code actionstream_frames_in_total{stream}}, {@code actionstream_frames_dropped_total{stream}},
 * {@code actionstream_frames_skipped_total{stream}}, {@code actionstream_decode_errors_total{stream}}, {@code actionstream_windows_scored_total{stream}},
 * {@code actionstream_inference_seconds} (histogram, per batch), {@code actionstream_event_latency_seconds}
 * (capture of the newest frame → event published), {@code actionstream_model_swaps_total},
 * {@code actionstream_model_rejections_total}, {@code actionstream_stage_micros{stage=prepare|encode|inference|post}}.
 */
public final class RuntimeMetrics {

    private final PrometheusMeterRegistry registry;
    private final Timer inference;
    private final Timer eventLatency;
    private final Counter swaps;
    private final Counter rejections;
    private final DistributionSummary prepareMicros;
    private final DistributionSummary ringMicros;
    private final DistributionSummary inferenceMicros;
    private final DistributionSummary postMicros;
    private final DistributionSummary encodeMicros;
    private final LatencyHistogram windowLatency = new LatencyHistogram();

    public RuntimeMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public RuntimeMetrics(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.inference = Timer.builder("actionstream.inference")
                .description("ONNX Runtime run per batch of windows")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.eventLatency = Timer.builder("actionstream.event.latency")
                .description("capture of the newest frame of a window to publication of its label event")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.swaps = Counter.builder("actionstream.model.swaps").description("models swapped in").register(registry);
        this.rejections = Counter.builder("actionstream.model.rejections")
                .description("models rejected by validation").register(registry);
        this.prepareMicros = stage("prepare");
        this.ringMicros = stage("ring");
        this.inferenceMicros = stage("inference");
        this.postMicros = stage("post");
        this.encodeMicros = stage("encode");
    }

    private DistributionSummary stage(String name) {
        return DistributionSummary.builder("actionstream.stage.micros").baseUnit("micros").tag("stage", name)
                .description("time per frame (prepare) or per batch (encode, inference, post) in microseconds")
                .register(registry);
    }

    /** The meters of one stream; resolve once per stream, then use from its threads. */
    public StreamMeters stream(String name) {
        return new StreamMeters(
                Counter.builder("actionstream.frames.in").tag("stream", name)
                        .description("frames decoded from the stream's source").register(registry),
                Counter.builder("actionstream.frames.dropped").tag("stream", name)
                        .description("frames dropped because the ring was full").register(registry),
                Counter.builder("actionstream.frames.skipped").tag("stream", name)
                        .description("frames no window takes (between the model's sampled frames), never prepared")
                        .register(registry),
                Counter.builder("actionstream.decode.errors").tag("stream", name)
                        .description("frames or packets the stream's source failed to decode").register(registry),
                Counter.builder("actionstream.windows.scored").tag("stream", name)
                        .description("windows of the stream scored by the model").register(registry),
                Counter.builder("actionstream.windows.unknown").tag("stream", name)
                        .description("windows of the stream labelled unknown: unlike anything the model was trained "
                                + "on").register(registry));
    }

    /** Removes a stream's meters (the stream is no longer served here); a stream served again starts from zero. */
    public void forget(StreamMeters meters) {
        meters.all().forEach(registry::remove);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public Timer inference() {
        return inference;
    }

    public Timer eventLatency() {
        return eventLatency;
    }

    public Counter swaps() {
        return swaps;
    }

    public Counter rejections() {
        return rejections;
    }

    public DistributionSummary prepareMicros() {
        return prepareMicros;
    }

    /** A grabber's publish into the ring apart from preparing the frame (claiming the slot, publishing it). */
    public DistributionSummary ringMicros() {
        return ringMicros;
    }

    public DistributionSummary inferenceMicros() {
        return inferenceMicros;
    }

    public DistributionSummary postMicros() {
        return postMicros;
    }

    /** Split LRCN models: one encoder run over the frames that arrived together. */
    public DistributionSummary encodeMicros() {
        return encodeMicros;
    }

    /**
     * Capture of the newest frame → its window scored and its event (if any) published, for every scored window
     * (events are only published on a change or periodically, so {@link #eventLatency} sees a sample of windows);
     * read by the load harness.
     */
    public LatencyHistogram windowLatency() {
        return windowLatency;
    }

    /** Pre-resolved per-stream counters. */
    public record StreamMeters(Counter framesIn, Counter framesDropped, Counter framesSkipped, Counter decodeErrors,
                               Counter windowsScored, Counter windowsUnknown) {

        /** Every meter above: what {@link #forget} removes, so a meter added here is never left behind. */
        public List<Counter> all() {
            return List.of(framesIn, framesDropped, framesSkipped, decodeErrors, windowsScored, windowsUnknown);
        }
    }
}
