package dev.actionstream.runtime.shadow;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.scoring.Temperature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Scores a candidate on the {@code shadow} thread over the frames {@link ShadowFrames} copied: each frame is prepared
 * as the candidate's spec says, (for a split model) encoded, and kept in a per-stream window of the candidate's
 * length; every full window is scored once and compared with the serving model's label for the stream at that moment.
 * One shadow at a time; starting another replaces it. The candidate's model is owned here and closed on stop.
 */
public final class ShadowScorer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);

    private final ShadowFrames frames;
    private final Function<String, String> activeLabel;
    private final double threshold;
    private final Double unknownThreshold;
    private final Thread thread;
    private volatile Run run;
    private volatile boolean closed;

    /** The shadow now running: its model, buffers and figures. Touched by the shadow thread only, but the figures. */
    private static final class Run {
        final LoadedModel model;
        final String candidate;
        final String startedAt = Instant.now().toString();
        final FramePreparer preparer;
        final float[] frame;
        final FloatBuffer encoderInput;
        final FloatBuffer windowInput;
        final Map<String, float[]> history = new LinkedHashMap<>();
        final Map<String, Integer> pushed = new LinkedHashMap<>();
        final Map<String, StreamShadowStats> stats = new LinkedHashMap<>();
        final Set<String> outputs;
        long errors;

        Run(LoadedModel model, String candidate, List<String> streams) {
            this.model = model;
            this.candidate = candidate;
            ModelSpec spec = model.spec();
            this.preparer = FramePreparer.forSpec(spec);
            this.frame = new float[spec.frameSize()];
            this.encoderInput = direct(spec.frameSize());
            this.windowInput = direct(model.windowSize());
            this.outputs = model.scoresUnknown() ? Set.of(model.outputName(), model.scoreName())
                    : Set.of(model.outputName());
            for (String s : streams) {
                history.put(s, new float[model.windowSize()]);
                pushed.put(s, 0);
                stats.put(s, new StreamShadowStats(spec.labels(), model.scoresUnknown()));
            }
        }
    }

    /**
     * @param activeLabel      the serving model's current label of a stream
     * @param threshold        below this top probability the candidate's answer counts as uncertain
     * @param unknownThreshold overrides the candidate's own unknown threshold (serve config's
     *                         {@code events.unknownThreshold}); null: the candidate's
     */
    public ShadowScorer(ShadowFrames frames, Function<String, String> activeLabel, double threshold,
                        Double unknownThreshold) {
        this.unknownThreshold = unknownThreshold;
        this.frames = Objects.requireNonNull(frames, "frames");
        this.activeLabel = Objects.requireNonNull(activeLabel, "activeLabel");
        this.threshold = threshold;
        this.thread = new Thread(this::work, "shadow");
        this.thread.setDaemon(true);
        // The serving model's threads come first when the CPU is short; this one drops frames instead.
        this.thread.setPriority(Thread.MIN_PRIORITY);
        this.thread.start();
    }

    /** Shadows {@code model} (now owned here) on {@code streams}; a shadow already running is stopped first. */
    public synchronized void start(LoadedModel model, String candidate, List<String> streams) {
        stop();
        frames.resetDropped();
        run = new Run(model, candidate, streams);
        long interval = model.spec().frameIntervalMicros() / 1000;
        frames.watch(Set.copyOf(streams), interval);
        LOG.info("shadowing {} on {}", candidate, streams);
    }

    /** Stops the shadow, if any, and closes its model; returns its last report (null when none ran). */
    public synchronized Map<String, Object> stop() {
        Run r = run;
        if (r == null) {
            return null;
        }
        frames.stop();
        Map<String, Object> last = report();
        run = null;
        synchronized (r) {
            r.model.close();
        }
        LOG.info("shadow of {} stopped", r.candidate);
        return last;
    }

    /** The running shadow's figures: candidate, streams with their stats, frames dropped; null when none runs. */
    public Map<String, Object> report() {
        Run r = run;
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate", r.candidate);
        m.put("startedAt", r.startedAt);
        m.put("droppedFrames", frames.dropped());
        m.put("errors", r.errors);
        Map<String, Object> streams = new LinkedHashMap<>();
        r.stats.forEach((s, st) -> streams.put(s, st.snapshot()));
        m.put("streams", streams);
        return m;
    }

    private void work() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        while (!closed) {
            ShadowFrames.Slot slot;
            try {
                slot = frames.take(100);
            } catch (InterruptedException e) {
                return;
            }
            if (slot == null) {
                continue;
            }
            try {
                Run r = run;
                if (r != null && r.stats.containsKey(slot.stream)) {
                    synchronized (r) {
                        if (!r.model.isClosed()) {
                            score(env, r, slot);
                        }
                    }
                }
            } catch (OrtException | RuntimeException e) {
                Run r = run;
                if (r != null && r.errors++ % 100 == 0) {
                    LOG.warn("shadow scoring failed ({} so far)", r.errors, e);
                }
            } finally {
                frames.release(slot);
            }
        }
    }

    private void score(OrtEnvironment env, Run r, ShadowFrames.Slot slot) throws OrtException {
        LoadedModel m = r.model;
        ModelSpec spec = m.spec();
        r.preparer.prepare(slot.pixels, slot.width, slot.height, slot.rowStride, slot.format, r.frame, 0);
        float[] element = r.frame;
        if (m.split()) {
            r.encoderInput.clear();
            r.encoderInput.put(r.frame).flip();
            try (OnnxTensor t = OnnxTensor.createTensor(env, r.encoderInput, spec.frameShape(1));
                 OrtSession.Result out = m.encoder().run(Map.of(ModelForm.ENCODER.input(), t))) {
                element = ((float[][]) out.get(0).getValue())[0];
            }
        }
        int size = m.elementSize();
        float[] history = r.history.get(slot.stream);
        int n = r.pushed.get(slot.stream);
        int frames = spec.framesPerWindow();
        // Oldest element out, newest in: a window is the last T elements in order.
        System.arraycopy(history, size, history, 0, history.length - size);
        System.arraycopy(element, 0, history, history.length - size, size);
        r.pushed.put(slot.stream, Math.min(frames, n + 1));
        if (n + 1 < frames) {
            return;
        }
        r.windowInput.clear();
        r.windowInput.put(history).flip();
        float[] p;
        float ood = Float.NaN;
        try (OnnxTensor t = OnnxTensor.createTensor(env, r.windowInput, m.windowShape(1));
             OrtSession.Result out = m.session().run(Map.of(m.inputName(), t), r.outputs)) {
            p = ((float[][]) out.get(m.outputName()).orElseThrow().getValue())[0];
            if (m.scoresUnknown()) {
                ood = ((float[]) out.get(m.scoreName()).orElseThrow().getValue())[0];
            }
        }
        double temperature = m.temperatureToApply();
        if (temperature != 1.0) {
            // As serving does for an export that left the division out: the candidate's confidence, not its graph's.
            Temperature.apply(FloatBuffer.wrap(p), 0, p.length, temperature);
        }
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        // As serving labels a window: unlike the training windows first (a NaN score counts as unlike), then too
        // unsure, else the top label.
        String label = m.scoresUnknown() && !(ood <= m.unknownThreshold(unknownThreshold)) ? StreamShadowStats.UNKNOWN
                : p[best] < threshold ? StreamShadowStats.UNCERTAIN : spec.labels().get(best);
        r.stats.get(slot.stream).add(label, p[best], activeLabel.apply(slot.stream));
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
        stop();
        closed = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
