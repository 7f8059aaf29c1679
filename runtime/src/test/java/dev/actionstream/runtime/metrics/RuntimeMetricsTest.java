package dev.actionstream.runtime.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeMetricsTest {

    @Test
    void scrapesEveryPipelineMeterUnderItsPrometheusName() {
        RuntimeMetrics metrics = new RuntimeMetrics();
        RuntimeMetrics.StreamMeters cam = metrics.stream("cam");
        cam.framesIn().increment(3);
        cam.framesDropped().increment();
        metrics.inference().record(4, TimeUnit.MILLISECONDS);
        metrics.eventLatency().record(20, TimeUnit.MILLISECONDS);
        metrics.swaps().increment();
        metrics.prepareMicros().record(150);
        String text = metrics.scrape();
        for (String line : List.of(
                "actionstream_frames_in_total{stream=\"cam\"} 3.0",
                "actionstream_frames_dropped_total{stream=\"cam\"} 1.0",
                "actionstream_decode_errors_total{stream=\"cam\"} 0.0",
                "actionstream_windows_scored_total{stream=\"cam\"} 0.0",
                "actionstream_inference_seconds_count 1",
                "actionstream_event_latency_seconds_bucket{le=",
                "actionstream_model_swaps_total 1.0",
                "actionstream_model_rejections_total 0.0",
                "actionstream_stage_micros_sum{stage=\"prepare\"} 150.0")) {
            assertTrue(text.contains(line), line + " missing from\n" + text);
        }
    }
}
