package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtException;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.ring.FrameSlot;
import dev.actionstream.runtime.ring.FrameStamp;
import dev.actionstream.runtime.window.SlidingWindow;
import com.lmax.disruptor.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ring's consumer. Every frame in the ring is one its stream's window takes (the grabber sampled it at the
 * model's frame interval and skipped the others before preparing them, {@code FrameWriter#takes}): push it into the
 * window; when a window is ready, copy it
 * into the next batch position. For a split LRCN model, frames are first queued and run through the encoder
 * together (at the same points a batch runs), so each frame meets the encoder exactly once and in batches; their
 * feature vectors are what the windows hold.
 * The batch runs when it is full ({@code scoring.maxBatch}), when the ring has nothing more right now (end of a
 * Disruptor batch: windows of all streams that arrived together go in one run) or when the next ready window
 * belongs to another model (during a swap). Probabilities then go through each stream's {@link PostProcessor} and
 * out to the sink.
 *
 * <p>Between batches it hands retired models back to the registry for closing.
 */
public final class ScoringStage implements EventHandler<FrameSlot> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringStage.class);

    /**
     * Indexed by a frame's stream slot. A slot is filled before its grabber starts (so before its first frame) and
     * emptied only after the consumer passed that stream's last frame: the scoring thread never meets an empty slot.
     */
    private final AtomicReferenceArray<StreamScoring> streams;
    private final OnnxScorer scorer;
    private final ModelRegistry models;
    private final EventSink sink;
    private final RuntimeMetrics metrics;
    /** Serve config's {@code events.unknownThreshold}; {@code null}: each model's own. */
    private final Double unknownThreshold;

    private final int[] batchStream;
    /** Per batch position: the window's oldest frame index and its newest frame's stamp. */
    private final long[] batchStart;
    private final FrameStamp[] batchNewest;
    private LoadedModel batchModel;
    private int batchSize;
    /** Refilled for each window of a batch on its way through the post-processors. */
    private final ScoredWindow scored = new ScoredWindow();

    private final int[] encodeStream;
    private final FrameStamp[] encodeStamp;
    private LoadedModel encodeModel;
    private int encodeSize;
    private long inferenceFailures;

    public ScoringStage(List<StreamScoring> streams, OnnxScorer scorer, ModelRegistry models, EventSink sink,
                        RuntimeMetrics metrics) {
        this(streams, scorer, models, sink, metrics, null);
    }

    /** @param unknownThreshold overrides every model's unknown threshold; {@code null}: each model's own */
    public ScoringStage(List<StreamScoring> streams, OnnxScorer scorer, ModelRegistry models, EventSink sink,
                        RuntimeMetrics metrics, Double unknownThreshold) {
        this(streams.size(), scorer, models, sink, metrics, unknownThreshold);
        for (int i = 0; i < streams.size(); i++) {
            open(i, streams.get(i));
        }
    }

    /** With {@code slots} empty stream slots, filled by {@link #open} as streams come. */
    public ScoringStage(int slots, OnnxScorer scorer, ModelRegistry models, EventSink sink, RuntimeMetrics metrics,
                        Double unknownThreshold) {
        this.unknownThreshold = unknownThreshold;
        this.streams = new AtomicReferenceArray<>(slots);
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.models = Objects.requireNonNull(models, "models");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        int max = scorer.maxBatch();
        this.batchStream = new int[max];
        this.batchStart = new long[max];
        this.batchNewest = FrameStamp.array(max);
        this.encodeStream = new int[max];
        this.encodeStamp = FrameStamp.array(max);
    }

    /** Serves {@code stream} in {@code slot}; before the slot's first frame is published. */
    public void open(int slot, StreamScoring stream) {
        if (!streams.compareAndSet(slot, null, Objects.requireNonNull(stream, "stream"))) {
            throw new IllegalStateException("stream slot " + slot + " is in use");
        }
    }

    /** Frees {@code slot}; only once the consumer has passed the last frame published for it. */
    public void close(int slot) {
        streams.set(slot, null);
    }

    @Override
    public void onEvent(FrameSlot slot, long sequence, boolean endOfBatch) throws Exception {
        LoadedModel model = slot.model();
        // A slot claimed across a swap to a model with another interval carries no frame (length 0).
        if (slot.length() > 0) {
            streams.get(slot.streamIndex()).taken(model, slot.stamp().mediaMicros());
            accept(slot, model);
        }
        if (endOfBatch) {
            encodePending();
            flush();
            if (models.hasRetired()) {
                reclaim(sequence);
            }
        }
    }

    private void accept(FrameSlot slot, LoadedModel model) throws OrtException {
        if (model.split()) {
            if (encodeSize > 0 && encodeModel != model) {
                encodePending();
            }
            // Queued, not encoded yet: frames that arrived together go through the encoder as one batch.
            scorer.encoderInput(model).put(encodeSize * slot.length(), slot.data(), 0, slot.length());
            encodeModel = model;
            encodeStream[encodeSize] = slot.streamIndex();
            encodeStamp[encodeSize].copyFrom(slot.stamp());
            encodeSize++;
            if (encodeSize == scorer.maxBatch()) {
                encodePending();
            }
        } else {
            if (encodeSize > 0) {
                // A stream may switch from a split to a full model here: its queued frames go into windows first.
                encodePending();
            }
            window(slot.streamIndex(), model).push(slot.data(), 0, slot.stamp());
            afterPush(slot.streamIndex(), model);
        }
    }

    private SlidingWindow window(int stream, LoadedModel model) {
        StreamScoring st = streams.get(stream);
        if (st.model != model) {
            st.bind(model);
        }
        return st.window;
    }

    /** Runs the queued frames through the split model's encoder and pushes their features, in arrival order. */
    private void encodePending() throws OrtException {
        if (encodeSize == 0) {
            return;
        }
        LoadedModel model = encodeModel;
        int n = encodeSize;
        encodeSize = 0;
        long start = System.nanoTime();
        FloatBuffer features = scorer.encode(model, n);
        metrics.encodeMicros().record((System.nanoTime() - start) / 1_000.0);
        int d = model.featureSize();
        for (int i = 0; i < n; i++) {
            window(encodeStream[i], model).push(features, i * d, encodeStamp[i]);
            afterPush(encodeStream[i], model);
        }
    }

    /** Adds the stream's window to the batch when the element just pushed made it ready. */
    private void afterPush(int stream, LoadedModel model) throws OrtException {
        SlidingWindow window = streams.get(stream).window;
        if (!window.ready()) {
            return;
        }
        if (batchSize > 0 && batchModel != model) {
            flush();
        }
        FloatBuffer input = scorer.input(model);
        window.copyTo(input, batchSize * model.windowSize());
        batchModel = model;
        batchStream[batchSize] = stream;
        batchStart[batchSize] = window.oldestFrame();
        batchNewest[batchSize].copyFrom(window.newest());
        batchSize++;
        if (batchSize == scorer.maxBatch()) {
            flush();
        }
    }

    private void flush() {
        if (batchSize == 0) {
            return;
        }
        LoadedModel model = batchModel;
        int n = batchSize;
        batchSize = 0;
        long start = System.nanoTime();
        FloatBuffer probabilities;
        try {
            probabilities = scorer.run(model, n);
        } catch (OrtException | RuntimeException e) {
            // A model that passed its warm-up but fails on live input: those windows yield no event (sequence numbers
            // only advance on publication, so there is no gap), the stream goes on.
            if (inferenceFailures++ % 100 == 0) {
                LOG.error("inference failed for a batch of {} with {} ({} failures so far)", n, model, inferenceFailures, e);
            }
            return;
        }
        long inferred = System.nanoTime();
        metrics.inference().record(inferred - start, TimeUnit.NANOSECONDS);
        metrics.inferenceMicros().record((inferred - start) / 1_000.0);
        int classes = model.spec().numClasses();
        double temperature = model.temperatureToApply();
        FloatBuffer scores = model.scoresUnknown() ? scorer.scores() : null;
        double threshold = model.unknownThreshold(unknownThreshold);
        scored.model(model.spec(), model.executionProvider());
        for (int i = 0; i < n; i++) {
            StreamScoring st = streams.get(batchStream[i]);
            FrameStamp newest = batchNewest[i];
            long now = System.nanoTime();
            if (temperature != 1.0) {
                Temperature.apply(probabilities, i * classes, classes, temperature);
            }
            if (scores != null) {
                scored.oodScore(scores.get(i), threshold);
            } else {
                scored.noOodScore();
            }
            scored.probabilities(probabilities, i * classes)
                    .frames(batchStart[i], newest.index(), newest.captureNanos(), newest.epochMillis());
            LabelEvent event = st.post.accept(scored, now);
            st.scored(st.post.lastLabel(), st.post.lastConfidence());
            if (event != null) {
                sink.onLabel(event);
                metrics.eventLatency().record(System.nanoTime() - newest.captureNanos(), TimeUnit.NANOSECONDS);
            }
            metrics.windowLatency().record(System.nanoTime() - newest.captureNanos());
        }
        metrics.postMicros().record((System.nanoTime() - inferred) / 1_000.0);
    }

    private void reclaim(long consumed) {
        models.reclaim(consumed, m -> {
            for (int i = 0; i < streams.length(); i++) {
                StreamScoring st = streams.get(i);
                if (st != null && st.model == m) {
                    return true;
                }
            }
            return false;
        });
        scorer.releaseClosed();
    }

    /** Runs frames and windows still waiting for a batch (the ring is stopping). */
    @Override
    public void onShutdown() {
        try {
            encodePending();
        } catch (OrtException | RuntimeException e) {
            LOG.error("encoding the last frames failed while stopping", e);
        }
        flush();
    }

    public long inferenceFailures() {
        return inferenceFailures;
    }
}
