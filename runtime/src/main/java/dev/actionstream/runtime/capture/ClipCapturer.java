package dev.actionstream.runtime.capture;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.status.StreamState;
import dev.actionstream.runtime.status.StreamStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a checked {@link ClipRequest} into a clip: refuses at once what cannot work (unknown stream, a stream that
 * is not delivering, a range outside its buffer, too many captures waiting), then, once the range's last frame is
 * due, copies its frames out of the buffer and writes them on the {@code capture-writer} thread. Listing and deleting
 * run on {@code capture-files}, so neither waits behind a clip being written.
 */
public final class ClipCapturer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClipCapturer.class);
    /** Slack at the buffer's edges: one frame at a low rate, so "the last N s" of a full buffer is not refused. */
    static final long EDGE_SLACK_MILLIS = 250;
    /** After the range's end, how long to wait for its last frame to be compressed. */
    static final long SETTLE_MILLIS = 300;
    static final int FILE_TASK_QUEUE = 16;

    private final CaptureTap tap;
    private final ClipStore store;
    private final RuntimeStatus.Source status;
    private final RuntimeConfig.Capture config;
    private final ScheduledThreadPoolExecutor writer;
    private final ThreadPoolExecutor files;
    private final AtomicInteger pending = new AtomicInteger();

    public ClipCapturer(CaptureTap tap, RuntimeConfig.Capture config, RuntimeStatus.Source status) {
        this.tap = Objects.requireNonNull(tap, "tap");
        this.config = Objects.requireNonNull(config, "config");
        this.status = Objects.requireNonNull(status, "status");
        this.store = new ClipStore(Path.of(config.dir()), config.minFreeBytes());
        this.writer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("capture-writer", true));
        this.files = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(FILE_TASK_QUEUE),
                new DefaultThreadFactory("capture-files", true));
    }

    public RuntimeConfig.Capture config() {
        return config;
    }

    /** Parses a request body; see {@link ClipRequest}. */
    public ClipRequest parse(byte[] body) throws CaptureRefusedException {
        return ClipRequest.parse(body, config.seconds(), config.maxPostRollSeconds());
    }

    /**
     * Checks {@code request} against the stream and its buffer now (cheap, any thread) and schedules the clip; the
     * future completes on the {@code capture-writer} thread with the clip's sidecar, or with a
     * {@link CaptureRefusedException}.
     *
     * @throws CaptureRefusedException 404 unknown stream, 409 stream not delivering, 422 range outside the buffer,
     *                                 503 too many captures waiting
     */
    public CompletableFuture<ClipSidecar> capture(ClipRequest request) throws CaptureRefusedException {
        long now = System.currentTimeMillis();
        PreRollBuffer buffer = tap.buffer(request.stream());
        RuntimeStatus snapshot = status.snapshot();
        StreamStatus stream = snapshot.streams().stream().filter(s -> s.name().equals(request.stream()))
                .findFirst().orElse(null);
        if (buffer == null || stream == null) {
            throw new CaptureRefusedException(404, "no stream named '" + request.stream() + "'; streams: "
                    + snapshot.streams().stream().map(StreamStatus::name).toList());
        }
        if (stream.state() != StreamState.RUNNING && stream.state() != StreamState.ENDED) {
            throw new CaptureRefusedException(409, "stream '" + request.stream() + "' is " + stream.state().id()
                    + (stream.stateReason() == null ? "" : " (" + stream.stateReason() + ")")
                    + ": its buffer has a gap or no frames; capture once it runs again");
        }
        BufferSpan span = tap.span(request.stream());
        long from;
        long to;
        if (request.byFrames()) {
            checkHolds(span, request.firstFrame(), request.lastFrame());
            from = -1;
            to = now;
        } else {
            from = request.fromMillis(now);
            to = request.toMillis(now);
            checkInside(span, from, to, now);
        }
        if (pending.incrementAndGet() > config.maxQueuedCaptures()) {
            pending.decrementAndGet();
            throw new CaptureRefusedException(503, "already " + config.maxQueuedCaptures()
                    + " captures waiting (capture.maxQueuedCaptures); retry later");
        }
        ClipStore.Context context = context(request, snapshot, stream);
        CompletableFuture<ClipSidecar> done = new CompletableFuture<>();
        long delay = Math.max(0, to - now) + SETTLE_MILLIS;
        try {
            writer.schedule(() -> write(buffer, request, from, to, context, done), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            throw new CaptureRefusedException(503, "capture is shutting down");
        }
        return done;
    }

    private static void checkHolds(BufferSpan span, long firstFrame, long lastFrame) throws CaptureRefusedException {
        if (span.frames() < 2 || firstFrame < span.oldestFrame() || lastFrame > span.newestFrame()) {
            throw new CaptureRefusedException(422, "the buffer of stream '" + span.stream() + "' holds frames "
                    + (span.frames() == 0 ? "none" : span.oldestFrame() + ".." + span.newestFrame()) + ", asked for "
                    + firstFrame + ".." + lastFrame);
        }
    }

    private void checkInside(BufferSpan span, long from, long to, long now) throws CaptureRefusedException {
        if (span.frames() < 2) {
            throw new CaptureRefusedException(422, "the buffer of stream '" + span.stream()
                    + "' holds no frames yet; capture once it has run a moment");
        }
        String holds = "the buffer of stream '" + span.stream() + "' holds " + Instant.ofEpochMilli(span.oldestMillis())
                + " to " + Instant.ofEpochMilli(span.newestMillis()) + " (" + span.oldestMillis() + ".."
                + span.newestMillis() + ", " + String.format("%.1f", span.seconds()) + " s)";
        if (from < span.oldestMillis() - EDGE_SLACK_MILLIS) {
            throw new CaptureRefusedException(422, "the range starts before the buffer: " + holds + ", asked from "
                    + Instant.ofEpochMilli(from));
        }
        long latest = now + Math.round(config.maxPostRollSeconds() * 1000);
        if (to > latest || from > Math.max(now, span.newestMillis())) {
            throw new CaptureRefusedException(422, "the range is after the buffer: " + holds + ", asked up to "
                    + Instant.ofEpochMilli(to) + " (at most capture.maxPostRollSeconds ahead)");
        }
    }

    private static ClipStore.Context context(ClipRequest r, RuntimeStatus snapshot, StreamStatus stream) {
        ModelInfo model = snapshot.model();
        return new ClipStore.Context(r.dataset(), r.label(), r.stream(), model == null ? null : model.name(),
                model == null ? null : model.version(), stream.lastLabel(), stream.lastConfidence());
    }

    private void write(PreRollBuffer buffer, ClipRequest request, long from, long to, ClipStore.Context context,
                       CompletableFuture<ClipSidecar> done) {
        try {
            List<StoredFrame> frames = request.byFrames()
                    ? buffer.copyFrames(request.firstFrame(), request.lastFrame()) : buffer.copy(from, to);
            if (frames.size() < 2) {
                throw new CaptureRefusedException(422, "the buffer of stream '" + context.stream() + "' has "
                        + frames.size() + " frame(s) " + (request.byFrames() ? "of " + request.firstFrame() + ".."
                        + request.lastFrame() : "between " + from + " and " + to) + "; nothing written");
            }
            ClipSidecar clip = store.write(context, frames);
            LOG.info("captured {} frames of {} as {}/{}/{}", clip.frames(), clip.stream(), clip.dataset(),
                    clip.label(), clip.file());
            done.complete(clip);
        } catch (CaptureRefusedException e) {
            done.completeExceptionally(e);
        } catch (RuntimeException e) {
            LOG.error("capture of {} failed", context.stream(), e);
            done.completeExceptionally(new CaptureRefusedException(500, "capture failed: " + e, e));
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Every captured clip by dataset and label, listed on {@code capture-files}. */
    public CompletableFuture<Map<String, Map<String, List<Object>>>> list() throws CaptureRefusedException {
        return onFiles(store::list);
    }

    /** Deletes a clip and its sidecar on {@code capture-files}; names are checked here (400). */
    public CompletableFuture<List<String>> delete(String dataset, String label, String file)
            throws CaptureRefusedException {
        String d = CaptureNames.check("dataset", dataset);
        String l = CaptureNames.check("label", label);
        String f = CaptureNames.check("file", file);
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        submit(() -> {
            try {
                done.complete(store.delete(d, l, f));
            } catch (CaptureRefusedException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private <T> CompletableFuture<T> onFiles(java.util.function.Supplier<T> work) throws CaptureRefusedException {
        CompletableFuture<T> done = new CompletableFuture<>();
        submit(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(new CaptureRefusedException(500, e.getMessage(), e));
            }
        });
        return done;
    }

    private void submit(Runnable task) throws CaptureRefusedException {
        try {
            files.execute(task);
        } catch (RejectedExecutionException e) {
            throw new CaptureRefusedException(503, "capture file operations busy; retry later");
        }
    }

    /** The buffers and the folder, for {@code /api/status} and {@code GET /api/captures}. */
    public CaptureStatus status() {
        return new CaptureStatus(true, store.root().toString(), config.bufferBytesPerStream(), config.seconds(),
                pending.get(), tap.spans());
    }

    /** Waits for clips already due, then stops. */
    @Override
    public void close() {
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writer.shutdown();
        files.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
            files.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
