package dev.actionstream.runtime.scoring;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.LabelEvent.Reason;
import dev.actionstream.runtime.fixtures.TestModels;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostProcessorTest {

    private static final long MS = 1_000_000L;
    private final dev.actionstream.config.ModelSpec spec = TestModels.spec("m", "1", 4, 8, 8);

    private static RuntimeConfig.Events mean(int topK, int windows, double threshold, double periodicHz) {
        return new RuntimeConfig.Events(topK, RuntimeConfig.Events.MEAN, windows, 0.01, threshold, periodicHz);
    }

    /** A swapped model's spec with another label set. */
    private dev.actionstream.config.ModelSpec otherLabels() {
        return new dev.actionstream.config.ModelSpec("m2", "1", spec.architecture(), List.of("walk", "run", "jump"),
                4, 8, 8, 3, null, null, null, null);
    }

    private static LabelEvent feed(PostProcessor p, dev.actionstream.config.ModelSpec spec, long nowMs, float... probs) {
        FloatBuffer b = FloatBuffer.wrap(new float[] {9, 9, 9, probs[0], probs[1], probs[2]});
        ScoredWindow window = new ScoredWindow().probabilities(b, 3).model(spec, "CPU")
                .frames(nowMs, nowMs + 3, (nowMs - 5) * MS, 1_700_000_000_000L + nowMs);
        return p.accept(window, nowMs * MS);
    }

    @Test
    void smoothsOverTheLastKWindowsBeforeChangingLabel() {
        PostProcessor p = new PostProcessor("cam", mean(2, 3, 0.0, 0));
        LabelEvent first = feed(p, spec, 0, 0.9f, 0.05f, 0.05f);
        assertEquals("blue", first.label());
        assertEquals(Reason.CHANGE, first.reason());
        // One red window after a blue one does not flip the average: blue (0.9+0.1)/2 = 0.5 > red (0.05+0.8)/2.
        assertNull(feed(p, spec, 10, 0.1f, 0.1f, 0.8f));
        // The second red window does: red (0.05+0.8+0.8)/3 = 0.55 > blue (0.9+0.1+0.1)/3 = 0.37.
        LabelEvent turned = feed(p, spec, 20, 0.1f, 0.1f, 0.8f);
        assertEquals("red", turned.label());
        assertEquals(0.55, turned.confidence(), 1e-6);
    }

    @Test
    void changesLabelWhenTheAverageTurns() {
        PostProcessor p = new PostProcessor("cam", mean(2, 2, 0.0, 0));
        feed(p, spec, 0, 0.9f, 0.05f, 0.05f);
        assertNull(feed(p, spec, 10, 0.2f, 0.1f, 0.7f), "average blue 0.55 vs red 0.375: still blue");
        LabelEvent e = feed(p, spec, 20, 0.1f, 0.1f, 0.8f);
        assertNotNull(e);
        assertEquals("red", e.label());
        assertEquals(0.75, e.confidence(), 1e-6);
        assertEquals(2, e.topK().size());
        assertEquals("red", e.topK().get(0).label());
        assertEquals("blue", e.topK().get(1).label());
        assertEquals(0.15, e.topK().get(1).probability(), 1e-6);
        assertEquals(2, e.sequence());
        assertEquals(5.0, e.latencyMs(), 1e-9);
        assertEquals(23, e.windowEndFrame());
        assertEquals(20, e.windowStartFrame());
    }

    @Test
    void reportsUncertainBelowTheThreshold() {
        PostProcessor p = new PostProcessor("cam", mean(3, 1, 0.6, 0));
        LabelEvent e = feed(p, spec, 0, 0.4f, 0.35f, 0.25f);
        assertEquals(LabelEvent.UNCERTAIN, e.label());
        assertTrue(e.uncertain());
        assertEquals("blue", e.topK().get(0).label(), "top-k still names the classes");
        LabelEvent sure = feed(p, spec, 10, 0.7f, 0.2f, 0.1f);
        assertEquals("blue", sure.label());
        assertEquals(Reason.CHANGE, sure.reason());
    }

    @Test
    void emitsPeriodicEventsAtTheConfiguredRateWithGaplessSequences() {
        PostProcessor p = new PostProcessor("cam", mean(1, 1, 0.0, 10.0));
        int events = 0;
        long lastSequence = 0;
        for (long ms = 0; ms <= 1000; ms += 20) {
            LabelEvent e = feed(p, spec, ms, 0.8f, 0.1f, 0.1f);
            if (e != null) {
                events++;
                assertEquals(lastSequence + 1, e.sequence());
                lastSequence = e.sequence();
                assertEquals(ms == 0 ? Reason.CHANGE : Reason.PERIODIC, e.reason());
            }
        }
        assertEquals(11, events, "one change at 0 ms, then one every 100 ms");
    }

    @Test
    void resetsSmoothingWhenLabelsChangeButKeepsSequence() {
        PostProcessor p = new PostProcessor("cam", mean(1, 5, 0.0, 0));
        feed(p, spec, 0, 0.9f, 0.05f, 0.05f);
        LabelEvent e = feed(p, otherLabels(), 10, 0.1f, 0.1f, 0.8f);
        assertEquals("jump", e.label(), "no averaging across label sets");
        assertEquals(2, e.sequence());
    }

    private static RuntimeConfig.Events hmm(double switchProbability) {
        return new RuntimeConfig.Events(3, RuntimeConfig.Events.HMM, 1, switchProbability, 0.0, 0);
    }

    @Test
    void hmmFilterIsTheBayesPosteriorOfTheActionGivenTheWindowsSoFar() {
        PostProcessor p = new PostProcessor("cam", hmm(0.01));
        LabelEvent first = feed(p, spec, 0, 0.9f, 0.05f, 0.05f);
        assertEquals("blue", first.label());
        assertEquals(0.9, first.confidence(), 1e-6, "uniform prior: the first window's own probabilities");
        feed(p, spec, 10, 0.2f, 0.1f, 0.7f);
        // Prior: blue 0.9 * 0.99 + 0.1 * 0.005 = 0.8915, the others 0.05 * 0.99 + 0.95 * 0.005 = 0.05425; times the
        // evidence 0.2 / 0.1 / 0.7 and normalised: blue 0.80424, red 0.17129.
        assertEquals("blue", p.lastLabel());
        assertEquals(0.80424, p.lastConfidence(), 1e-5);
    }

    @Test
    void hmmFilterIgnoresOneStrayWindowButFollowsARunOfThem() {
        PostProcessor p = new PostProcessor("cam", hmm(0.01));
        for (int i = 0; i < 10; i++) {
            feed(p, spec, i * 10L, 0.9f, 0.05f, 0.05f);
        }
        assertNull(feed(p, spec, 100, 0.1f, 0.1f, 0.8f), "one red window after ten blue ones: still blue");
        assertNull(feed(p, spec, 110, 0.9f, 0.05f, 0.05f));
        assertNull(feed(p, spec, 120, 0.05f, 0.05f, 0.9f), "the first of a run of red windows: still blue");
        LabelEvent turned = feed(p, spec, 130, 0.05f, 0.05f, 0.9f);
        assertNotNull(turned, "the second turns it");
        assertEquals("red", turned.label());
        // A moving average over 5 windows would still say blue here: (3 * 0.9 + 2 * 0.05) / 5 > 0.37.
        PostProcessor mean = new PostProcessor("cam", mean(1, 5, 0.0, 0));
        for (int i = 0; i < 10; i++) {
            feed(mean, spec, i * 10L, 0.9f, 0.05f, 0.05f);
        }
        feed(mean, spec, 100, 0.05f, 0.05f, 0.9f);
        feed(mean, spec, 110, 0.05f, 0.05f, 0.9f);
        assertEquals("blue", mean.lastLabel());
    }

    @Test
    void hmmFilterStartsOverForAnotherLabelSet() {
        PostProcessor p = new PostProcessor("cam", hmm(0.01));
        for (int i = 0; i < 10; i++) {
            feed(p, spec, i * 10L, 0.9f, 0.05f, 0.05f);
        }
        LabelEvent e = feed(p, otherLabels(), 100, 0.1f, 0.1f, 0.8f);
        assertEquals("jump", e.label(), "no belief carried across label sets");
        assertEquals(0.8, e.confidence(), 1e-6);
    }

    /** A window of a model that scores how unlike its training windows it is (threshold 10). */
    private static LabelEvent feedScored(PostProcessor p, dev.actionstream.config.ModelSpec spec, long nowMs,
                                         float oodScore, float... probs) {
        FloatBuffer b = FloatBuffer.wrap(new float[] {probs[0], probs[1], probs[2]});
        ScoredWindow window = new ScoredWindow().oodScore(oodScore, 10.0).probabilities(b, 0).model(spec, "CPU")
                .frames(nowMs, nowMs + 3, (nowMs - 5) * MS, 1_700_000_000_000L + nowMs);
        return p.accept(window, nowMs * MS);
    }

    @Test
    void aRunOfUnknownWindowsGivesOneChangeEventAndAStableUnknownLabel() {
        PostProcessor p = new PostProcessor("cam", hmm(0.01));
        for (int i = 0; i < 20; i++) {
            LabelEvent e = feedScored(p, spec, i * 10L, 3f, 0.9f, 0.05f, 0.05f);
            assertTrue(e == null || "blue".equals(e.label()));
        }
        assertEquals("blue", p.lastLabel());
        // A test pattern: the model is sure it is blue, but every window scores above the threshold.
        List<LabelEvent> events = new ArrayList<>();
        for (int i = 20; i < 60; i++) {
            LabelEvent e = feedScored(p, spec, i * 10L, 25f, 0.9f, 0.05f, 0.05f);
            if (e != null) {
                events.add(e);
            }
        }
        assertEquals(1, events.size(), "one change event for the whole run: " + events);
        LabelEvent unknown = events.get(0);
        assertEquals(LabelEvent.UNKNOWN, unknown.label());
        assertEquals(Reason.CHANGE, unknown.reason());
        assertFalse(unknown.known());
        assertFalse(unknown.uncertain(), "unknown is not uncertain: the windows are not like any action");
        assertEquals(25.0, unknown.oodScore(), 1e-6);
        assertTrue(unknown.confidence() > 0.5, "the unknown state's posterior: " + unknown.confidence());
        assertEquals("blue", unknown.topK().get(0).label(), "top-k still names what the model would have said");
        assertEquals(LabelEvent.UNKNOWN, p.lastLabel());
        // Known windows again: back to an action, once.
        LabelEvent back = null;
        for (int i = 60; i < 80 && back == null; i++) {
            back = feedScored(p, spec, i * 10L, 3f, 0.05f, 0.05f, 0.9f);
        }
        assertNotNull(back);
        assertEquals("red", back.label());
        assertTrue(back.known());
        assertEquals(3.0, back.oodScore(), 1e-6);
    }

    @Test
    void oneStrayWindowAboveTheThresholdDoesNotTurnTheLabel() {
        PostProcessor p = new PostProcessor("cam", hmm(0.01));
        for (int i = 0; i < 20; i++) {
            feedScored(p, spec, i * 10L, 3f, 0.9f, 0.05f, 0.05f);
        }
        assertNull(feedScored(p, spec, 200, 40f, 0.9f, 0.05f, 0.05f));
        assertNull(feedScored(p, spec, 210, 3f, 0.9f, 0.05f, 0.05f));
        assertEquals("blue", p.lastLabel());
        // The unknown state takes a little of the posterior; the action's confidence is given the window is known.
        LabelEvent first = new PostProcessor("cam", hmm(0.01)).accept(new ScoredWindow()
                .oodScore(3f, 10).probabilities(FloatBuffer.wrap(new float[] {0.9f, 0.05f, 0.05f}), 0)
                .model(spec, "CPU").frames(0, 3, 0, 0), 0);
        assertEquals(0.9, first.confidence(), 1e-6, "the first window: the window's own probability");
    }

    @Test
    void aSpreadKnownWindowIsUncertainNotUnknown() {
        PostProcessor p = new PostProcessor("cam", new RuntimeConfig.Events(3, RuntimeConfig.Events.HMM, 1, 0.01,
                0.6, 0));
        LabelEvent e = feedScored(p, spec, 0, 3f, 0.4f, 0.35f, 0.25f);
        assertEquals(LabelEvent.UNCERTAIN, e.label());
        assertTrue(e.uncertain());
        assertTrue(e.known());
    }

    @Test
    void theMovingAverageCountsUnknownWindowsAsItsOwnState() {
        PostProcessor p = new PostProcessor("cam", mean(2, 5, 0.0, 0));
        for (int i = 0; i < 5; i++) {
            feedScored(p, spec, i * 10L, 3f, 0.9f, 0.05f, 0.05f);
        }
        assertNull(feedScored(p, spec, 50, 30f, 0.9f, 0.05f, 0.05f), "1 of 5 windows unknown: still blue");
        assertNull(feedScored(p, spec, 60, 30f, 0.9f, 0.05f, 0.05f), "2 of 5");
        // unknown (3 * 0.7 + 2 * 0.05) / 5 = 0.44 against blue (3 * 0.3 * 0.9 + 2 * 0.95 * 0.9) / 5 = 0.50
        assertNull(feedScored(p, spec, 70, 30f, 0.9f, 0.05f, 0.05f), "3 of 5");
        LabelEvent e = feedScored(p, spec, 80, 30f, 0.9f, 0.05f, 0.05f);
        // unknown (4 * 0.7 + 0.05) / 5 = 0.57 against blue (4 * 0.3 * 0.9 + 0.95 * 0.9) / 5 = 0.39
        assertEquals(LabelEvent.UNKNOWN, e.label(), "4 of 5");
        for (int i = 9; i < 20; i++) {
            assertNull(feedScored(p, spec, i * 10L, 30f, 0.9f, 0.05f, 0.05f), "stays unknown without more events");
        }
    }

    @Test
    void aModelWithoutTheScoreIsNeverUnknown() {
        PostProcessor p = new PostProcessor("cam", hmm(0.01));
        LabelEvent e = feed(p, spec, 0, 0.9f, 0.05f, 0.05f);
        assertNull(e.oodScore());
        assertTrue(e.known());
        // The same stream's model swapped for one that scores: the filter starts over with the unknown state.
        LabelEvent scored = null;
        for (int i = 1; i < 30 && scored == null; i++) {
            scored = feedScored(p, spec, i * 10L, 50f, 0.9f, 0.05f, 0.05f);
        }
        assertNotNull(scored);
        assertEquals(LabelEvent.UNKNOWN, scored.label());
    }

    @Test
    void temperatureSharpensOrFlattensProbabilitiesAsSoftmaxOfLogitsOverT() {
        float[] p = {0.7f, 0.2f, 0.1f};
        FloatBuffer b = FloatBuffer.wrap(new float[] {9, p[0], p[1], p[2]});
        Temperature.apply(b, 1, 3, 0.5);
        // softmax(log p / 0.5) = p^2 / sum p^2
        double sum = 0.49 + 0.04 + 0.01;
        assertEquals(0.49 / sum, b.get(1), 1e-6);
        assertEquals(0.04 / sum, b.get(2), 1e-6);
        assertEquals(0.01 / sum, b.get(3), 1e-6);
        assertEquals(9f, b.get(0), "nothing outside the window is touched");
        FloatBuffer same = FloatBuffer.wrap(p.clone());
        Temperature.apply(same, 0, 3, 1.0);
        assertEquals(0.7f, same.get(0), 1e-6);
        FloatBuffer flat = FloatBuffer.wrap(p.clone());
        Temperature.apply(flat, 0, 3, 1e6);
        assertEquals(1.0 / 3, flat.get(2), 1e-4, "a very high temperature makes them uniform");
    }
}
