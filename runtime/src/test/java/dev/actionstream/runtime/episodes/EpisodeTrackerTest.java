package dev.actionstream.runtime.episodes;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.EventJson;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.LabelEventSchema;
import dev.actionstream.runtime.events.ModelRef;
import dev.actionstream.runtime.events.StreamStateEvent;
import dev.actionstream.runtime.events.WindowSpan;
import dev.actionstream.runtime.status.StreamState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The episode state machine driven by label events at chosen capture times (1 frame = 40 ms) and chosen ticks. */
class EpisodeTrackerTest {

    static final long T0 = 1_700_000_000_000L;
    static final List<String> LABELS = List.of("walking", "running", "boxing");

    final List<EpisodeEvent> out = new ArrayList<>();
    long sequence;

    EpisodeTracker tracker(double minSeconds, double gapSeconds, double updateSeconds) {
        RuntimeConfig.Episodes d = RuntimeConfig.Episodes.defaults();
        RuntimeConfig.Episodes config = new RuntimeConfig.Episodes(true, minSeconds, gapSeconds, updateSeconds, "",
                d.retentionDays(), d.maxEpisodes(), false, 0, 0, d.maxClipSeconds(), d.clipBudgetBytes());
        return new EpisodeTracker(config, ActionLabels.of(LABELS), List.of(out::add));
    }

    void label(EpisodeTracker t, String stream, String label, double confidence, long frame) {
        label(t, stream, label, confidence, frame, "m");
    }

    void label(EpisodeTracker t, String stream, String label, double confidence, long frame, String model) {
        t.onLabel(new LabelEvent(stream, ++sequence, new WindowSpan(frame - 3, frame, T0 + frame * 40), label,
                confidence, LabelEvent.UNCERTAIN.equals(label), LabelEvent.Reason.CHANGE, List.of(),
                new ModelRef(model, "1", "CPU"), 1.0));
    }

    List<EpisodeEvent> phase(EpisodeEvent.Phase p) {
        return out.stream().filter(e -> e.phase() == p).toList();
    }

    @Test
    void anActionHeldPastTheMinimumStartsAnEpisodeDatedBackToItsFirstWindow() {
        EpisodeTracker t = tracker(1.0, 1.0, 0);
        label(t, "cam", "walking", 0.6, 100);
        label(t, "cam", "walking", 0.9, 110);
        assertTrue(out.isEmpty(), "0.4 s is below the 1 s minimum");
        label(t, "cam", "walking", 0.7, 125);
        assertEquals(1, out.size());
        Episode e = out.get(0).episode();
        assertEquals(EpisodeEvent.Phase.START, out.get(0).phase());
        assertEquals("walking", e.label());
        assertEquals(T0 + 100 * 40, e.startMs(), "dated back to the first window with the action");
        assertEquals(100, e.startFrame());
        assertEquals(125, e.endFrame());
        assertEquals(0.9, e.peakConfidence(), 1e-9);
        assertEquals(T0 + 110 * 40, e.peakMs());
        assertEquals((0.6 + 0.9 + 0.7) / 3, e.meanConfidence(), 1e-9);
        assertEquals("open", e.state());
    }

    @Test
    void anEpisodeEndsWhenItsActionHasBeenGoneForTheGapDatedBackToWhenItLeft() {
        EpisodeTracker t = tracker(0.5, 1.0, 0);
        label(t, "cam", "running", 0.8, 0);
        label(t, "cam", "running", 0.8, 20);
        label(t, "cam", "boxing", 0.9, 50);
        label(t, "cam", "boxing", 0.9, 70);
        assertEquals(1, out.size(), "0.8 s of boxing is within the 1 s gap: running still open");
        label(t, "cam", "boxing", 0.9, 75);
        assertEquals(List.of(EpisodeEvent.Phase.START, EpisodeEvent.Phase.END, EpisodeEvent.Phase.START),
                out.stream().map(EpisodeEvent::phase).toList());
        Episode running = out.get(1).episode();
        assertEquals("running", running.label());
        assertEquals(T0, running.startMs());
        assertEquals(T0 + 50 * 40, running.endMs(), "ends when boxing began");
        assertEquals(2000, running.durationMs());
        assertEquals(20, running.endFrame());
        assertEquals("gap", running.endReason());
        assertEquals("ended", running.state());
        Episode boxing = out.get(2).episode();
        assertEquals("boxing", boxing.label());
        assertEquals(T0 + 50 * 40, boxing.startMs(), "the next action starts where the last one ended");
    }

    @Test
    void aFlickerShorterThanTheGapNeitherEndsTheEpisodeNorStartsAnother() {
        EpisodeTracker t = tracker(0.5, 1.0, 0);
        label(t, "cam", "walking", 0.8, 0);
        label(t, "cam", "walking", 0.8, 20);
        label(t, "cam", LabelEvent.UNCERTAIN, 0.3, 30);
        label(t, "cam", "boxing", 0.6, 35);
        label(t, "cam", "walking", 0.8, 45);
        label(t, "cam", "walking", 0.8, 200);
        t.tick(T0 + 400 * 40);
        assertEquals(1, out.size(), "one start, no end: " + out);
        assertEquals(4, t.open().get(0).events(), "the flicker's events are not the episode's");
    }

    @Test
    void uncertainUnknownAndLabelsOutsideTheModelNeverStartAnEpisode() {
        EpisodeTracker t = tracker(0.2, 0.2, 0);
        for (String notAnAction : List.of(LabelEvent.UNCERTAIN, "unknown", "dancing")) {
            label(t, "cam", notAnAction, 0.9, sequence * 100);
            label(t, "cam", notAnAction, 0.9, sequence * 100 + 50);
        }
        t.tick(T0 + 10_000_000);
        assertTrue(out.isEmpty(), "no episode: " + out);
    }

    @Test
    void anActionShorterThanTheMinimumIsNeverReported() {
        EpisodeTracker t = tracker(1.0, 0.5, 0);
        label(t, "cam", "walking", 0.9, 0);
        label(t, "cam", "walking", 0.9, 20);
        label(t, "cam", LabelEvent.UNCERTAIN, 0.2, 24);
        t.tick(T0 + 100 * 40);
        assertTrue(out.isEmpty());
    }

    @Test
    void theTickerEndsAnEpisodeWhenNoFurtherLabelEventsCome() {
        EpisodeTracker t = tracker(0.5, 1.0, 0);
        label(t, "cam", "walking", 0.9, 0);
        label(t, "cam", "walking", 0.9, 20);
        label(t, "cam", LabelEvent.UNCERTAIN, 0.2, 30);
        t.tick(T0 + 30 * 40 + 999);
        assertEquals(1, out.size());
        t.tick(T0 + 30 * 40 + 1000);
        assertEquals(EpisodeEvent.Phase.END, out.get(1).phase());
        assertEquals(T0 + 30 * 40, out.get(1).episode().endMs());
    }

    @Test
    void anOpenEpisodeIsUpdatedEveryUpdatePeriodWithTheSameId() {
        EpisodeTracker t = tracker(0.0, 1.0, 1.0);
        for (long f = 0; f <= 100; f += 5) {
            label(t, "cam", "running", 0.5 + f / 1000.0, f);
        }
        List<EpisodeEvent> updates = phase(EpisodeEvent.Phase.UPDATE);
        assertEquals(4, updates.size(), "4 s of running, an update every second after the start: " + out);
        String id = out.get(0).episode().id();
        assertTrue(updates.stream().allMatch(u -> u.episode().id().equals(id)));
        assertEquals(100, updates.get(3).episode().endFrame(), "an update says how far the episode has got");
        assertEquals(4000, updates.get(3).episode().durationMs());
    }

    @Test
    void streamsAreIndependent() {
        EpisodeTracker t = tracker(0.0, 0.0, 0);
        label(t, "a", "walking", 0.9, 0);
        label(t, "b", "boxing", 0.9, 0);
        label(t, "a", LabelEvent.UNCERTAIN, 0.9, 10);
        assertEquals(3, out.size());
        assertEquals("a", out.get(2).episode().stream());
        assertEquals(1, t.open().size());
        assertEquals("boxing", t.open().get(0).label());
    }

    @Test
    void aStreamThatStopsDeliveringEndsItsEpisodeAndCloseEndsTheRest() {
        EpisodeTracker t = tracker(0.0, 1.0, 0);
        label(t, "a", "walking", 0.9, 0);
        label(t, "b", "boxing", 0.9, 0);
        t.onStreamState(StreamStateEvent.of("a", StreamState.RUNNING, StreamState.RECONNECTING, "gone"));
        assertEquals("stream", out.get(2).episode().endReason());
        t.close();
        assertEquals(4, out.size());
        assertEquals("shutdown", out.get(3).episode().endReason());
        assertEquals("b", out.get(3).episode().stream());
        label(t, "b", "boxing", 0.9, 10);
        assertEquals(4, out.size(), "nothing after close");
    }

    @Test
    void anotherModelEndsTheEpisodeOfTheOldOne() {
        EpisodeTracker t = tracker(0.0, 1.0, 0);
        label(t, "cam", "walking", 0.9, 0, "old");
        label(t, "cam", "walking", 0.9, 10, "new");
        assertEquals(List.of(EpisodeEvent.Phase.START, EpisodeEvent.Phase.END, EpisodeEvent.Phase.START),
                out.stream().map(EpisodeEvent::phase).toList());
        assertEquals("model", out.get(1).episode().endReason());
        assertEquals("new", out.get(2).episode().modelName());
    }

    @Test
    void theTickerJudgesTimeByTheCaptureClockSoLateLabelEventsDoNotSplitAnEpisode() throws Exception {
        EpisodeTracker t = tracker(0.2, 0.5, 0).start();
        try {
            // Events arrive 1.5-2 s after their frames were captured (a busy pipeline).
            long base = System.currentTimeMillis() - 2000;
            at(t, "walking", base);
            at(t, "walking", base + 400);
            at(t, LabelEvent.UNCERTAIN, base + 500);
            Thread.sleep(250);
            at(t, "walking", base + 700);
            Thread.sleep(300);
            assertEquals(List.of(EpisodeEvent.Phase.START), out.stream().map(EpisodeEvent::phase).toList(),
                    "a 0.2 s flicker within the 0.5 s gap, however late its events arrive");
            at(t, LabelEvent.UNCERTAIN, base + 800);
            long deadline = System.currentTimeMillis() + 5_000;
            while (out.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(EpisodeEvent.Phase.END, out.get(1).phase(), "the ticker ends it once the gap has passed");
            assertEquals(base + 800, out.get(1).episode().endMs());
        } finally {
            t.close();
        }
    }

    void at(EpisodeTracker t, String label, long captureMs) {
        t.onLabel(new LabelEvent("cam", ++sequence, new WindowSpan(0, sequence, captureMs), label, 0.9,
                LabelEvent.UNCERTAIN.equals(label), LabelEvent.Reason.CHANGE, List.of(), new ModelRef("m", "1", "CPU"),
                1.0));
    }

    @Test
    void everyPhaseMatchesThePublishedSchema() {
        EpisodeTracker t = tracker(0.0, 0.5, 0.5);
        for (long f = 0; f <= 40; f += 5) {
            label(t, "cam", "running", 0.7, f);
        }
        label(t, "cam", LabelEvent.UNCERTAIN, 0.2, 45);
        t.tick(T0 + 45 * 40 + 500);
        assertEquals(EpisodeEvent.Phase.END, out.get(out.size() - 1).phase());
        assertTrue(out.stream().anyMatch(e -> e.phase() == EpisodeEvent.Phase.UPDATE));
        for (EpisodeEvent e : out) {
            String json = EventJson.episode(e);
            assertEquals(List.of(), List.copyOf(LabelEventSchema.episodeViolations(json)), json);
            assertTrue(json.startsWith("{\"type\":\"episode\",\"schemaVersion\":1,\"phase\":"), json);
        }
    }
}
