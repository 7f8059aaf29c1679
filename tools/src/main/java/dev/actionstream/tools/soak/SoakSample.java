package dev.actionstream.tools.soak;

import java.util.Locale;

/**
 * One row of the soak: the state of the runtime at {@code seconds} and what happened since the previous row.
 *
 * @param heapAfterGcMb   used heap right after a forced full GC (the live set)
 * @param residentMb      the process's resident memory (heap, native buffers, ONNX Runtime), -1 where unknown
 * @param latencyP50Ms    capture → event latency of the events of this interval (bucket upper bounds)
 * @param frames          frames decoded this interval, all streams
 * @param dropped         of those, dropped at the full ring
 * @param clientEvents    events a well-behaved WebSocket client received this interval
 */
record SoakSample(
        long seconds,
        double heapAfterGcMb,
        double residentMb,
        int threads,
        double latencyP50Ms,
        double latencyP99Ms,
        long events,
        long frames,
        long dropped,
        long decodeErrors,
        long swaps,
        long rejections,
        int subscribers,
        long stuckDisconnects,
        long clientEvents,
        String rtspState,
        String fault) {

    static final String CSV_HEADER = "seconds,heap_after_gc_mb,resident_mb,threads,latency_p50_ms,latency_p99_ms,events,frames,"
            + "dropped,decode_errors,swaps,rejections,subscribers,stuck_disconnects,client_events,rtsp_state,fault";

    static final String TABLE_HEADER = String.format(Locale.ROOT,
            "%6s %8s %7s %7s %8s %8s %7s %7s %7s %6s %5s %5s %4s %5s %7s %-12s %s", "t[s]", "heapMB", "rssMB", "threads",
            "p50ms", "p99ms", "events", "frames", "dropped", "decErr", "swaps", "rejct", "subs", "stuck", "client",
            "rtsp", "fault");

    String csv() {
        return String.format(Locale.ROOT, "%d,%.1f,%.1f,%d,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s", seconds,
                heapAfterGcMb, residentMb, threads, latencyP50Ms, latencyP99Ms, events, frames, dropped, decodeErrors, swaps,
                rejections, subscribers, stuckDisconnects, clientEvents, rtspState, fault);
    }

    String tableRow() {
        return String.format(Locale.ROOT, "%6d %8.1f %7.1f %7d %8.1f %8.1f %7d %7d %7d %6d %5d %5d %4d %5d %7d %-12s %s",
                seconds, heapAfterGcMb, residentMb, threads, latencyP50Ms, latencyP99Ms, events, frames, dropped, decodeErrors,
                swaps, rejections, subscribers, stuckDisconnects, clientEvents, rtspState, fault);
    }
}
