package dev.actionstream.runtime.episodes;

import java.util.Objects;
import java.util.UUID;

/**
 * One stream's episode state machine. The filtered label is taken to hold from its event until the next event of the
 * stream; an action that has held for {@code minMillis} starts an episode (dated back to its first event), and an
 * episode whose action has been gone for {@code gapMillis} ends (dated back to when it left). So a flicker shorter
 * than the gap neither ends the episode nor starts another, and an action that never holds for {@code minMillis} is
 * never reported.
 *
 * <p>Decisions are taken on each label event and on {@link #tickWall}, so an episode ends on time even when label events
 * come only on change ({@code events.periodicHz: 0}). Called from the scoring thread, the ticker and grabber threads:
 * every method holds this object's lock, and emits while holding it, so each stream's events leave in order.
 * Observing a label allocates nothing; an episode event allocates its record.
 */
final class StreamEpisodes {

    private final String stream;
    private final ActionLabels actions;
    private final EpisodeSink sink;
    private final long minMillis;
    private final long gapMillis;
    private final long updateMillis;

    // The label now and since when (its first event), with its confidences since then.
    private String label;
    private boolean labelIsAction;
    private long labelSinceMs;
    private long labelSinceFrame;
    private long labelLastMs;
    private long labelLastFrame;
    private double labelPeak;
    private long labelPeakMs;
    private double labelSum;
    private int labelEvents;
    private String labelModelName;
    private String labelModelVersion;

    // The open episode, if any.
    private boolean open;
    private String id;
    private String episodeLabel;
    private long startMs;
    private long startFrame;
    private long lastMs;
    private long lastFrame;
    private double peak;
    private long peakMs;
    private double sum;
    private int events;
    private String modelName;
    private String modelVersion;
    /** When the episode's label was replaced, or -1 while it holds. */
    private long leftMs = -1;
    private long lastReportMs;
    /** Wall clock minus capture time at the latest label event: how far behind the capture clock events arrive. */
    private long arrivalLagMs;

    StreamEpisodes(String stream, ActionLabels actions, EpisodeSink sink, long minMillis, long gapMillis,
                   long updateMillis) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.minMillis = minMillis;
        this.gapMillis = gapMillis;
        this.updateMillis = updateMillis;
    }

    /** One label event of this stream, captured at {@code timeMs} and arriving at {@code arrivalMs} (wall clock). */
    synchronized void observe(String newLabel, double confidence, long timeMs, long frame, String model,
                              String version, long arrivalMs) {
        arrivalLagMs = Math.max(0, arrivalMs - timeMs);
        if (open && (!modelName.equals(model) || !modelVersion.equals(version))) {
            // Confidences of two models are not comparable, and the history says which model saw what.
            end(EndReason.MODEL, timeMs);
        }
        if (!newLabel.equals(label) || !model.equals(labelModelName) || !version.equals(labelModelVersion)) {
            label = newLabel;
            labelIsAction = actions.isAction(newLabel);
            labelSinceMs = timeMs;
            labelSinceFrame = frame;
            labelPeak = confidence;
            labelPeakMs = timeMs;
            labelSum = 0;
            labelEvents = 0;
            labelModelName = model;
            labelModelVersion = version;
        }
        labelSum += confidence;
        labelEvents++;
        labelLastMs = timeMs;
        labelLastFrame = frame;
        if (confidence > labelPeak) {
            labelPeak = confidence;
            labelPeakMs = timeMs;
        }
        if (open) {
            if (newLabel.equals(episodeLabel)) {
                leftMs = -1;
                lastMs = timeMs;
                lastFrame = frame;
                sum += confidence;
                events++;
                if (confidence > peak) {
                    peak = confidence;
                    peakMs = timeMs;
                }
            } else if (leftMs < 0) {
                leftMs = timeMs;
            }
        }
        decide(timeMs);
    }

    /** Time passes without a label event, up to {@code nowMs} on the capture clock. */
    synchronized void tick(long nowMs) {
        decide(nowMs);
    }

    /**
     * The ticker's form: {@code wallMs} is taken back to the capture clock by the lag of the latest event, so a label
     * still on its way through a busy pipeline does not count as gone (which would split an episode in two).
     */
    synchronized void tickWall(long wallMs) {
        if (label != null) {
            decide(wallMs - arrivalLagMs);
        }
    }

    /** The stream stopped delivering, or the tracker is closing: the open episode ends, the label is forgotten. */
    synchronized void stop(EndReason reason, long nowMs) {
        if (open) {
            end(reason, leftMs >= 0 ? leftMs : lastMs);
        }
        label = null;
        labelIsAction = false;
    }

    /** The open episode as it stands, or null. */
    synchronized Episode current() {
        return open ? snapshot(Episode.OPEN, lastMs, "") : null;
    }

    private void decide(long nowMs) {
        if (open && leftMs >= 0 && nowMs - leftMs >= gapMillis) {
            end(EndReason.GAP, leftMs);
        }
        if (!open && labelIsAction && nowMs - labelSinceMs >= minMillis) {
            start();
        } else if (open && updateMillis > 0 && nowMs - lastReportMs >= updateMillis) {
            lastReportMs = nowMs;
            sink.onEpisode(EpisodeEvent.of(EpisodeEvent.Phase.UPDATE, snapshot(Episode.OPEN, lastMs, "")));
        }
    }

    private void start() {
        open = true;
        id = UUID.randomUUID().toString();
        episodeLabel = label;
        startMs = labelSinceMs;
        startFrame = labelSinceFrame;
        lastMs = labelLastMs;
        lastFrame = labelLastFrame;
        peak = labelPeak;
        peakMs = labelPeakMs;
        sum = labelSum;
        events = labelEvents;
        modelName = labelModelName;
        modelVersion = labelModelVersion;
        leftMs = -1;
        lastReportMs = lastMs;
        sink.onEpisode(EpisodeEvent.of(EpisodeEvent.Phase.START, snapshot(Episode.OPEN, lastMs, "")));
    }

    private void end(EndReason reason, long endMs) {
        open = false;
        Episode ended = snapshot(Episode.ENDED, Math.max(endMs, startMs), reason.wire);
        leftMs = -1;
        sink.onEpisode(EpisodeEvent.of(EpisodeEvent.Phase.END, ended));
    }

    private Episode snapshot(String state, long endMs, String reason) {
        return new Episode(id, stream, episodeLabel, startMs, endMs, endMs - startMs, startFrame,
                Math.max(startFrame, lastFrame), peak, peakMs, events == 0 ? 0 : sum / events, events, modelName,
                modelVersion, state, reason);
    }

    /** Why an episode ended, as written in its {@code endReason}. */
    enum EndReason {
        GAP("gap"), STREAM("stream"), MODEL("model"), SHUTDOWN("shutdown");

        final String wire;

        EndReason(String wire) {
            this.wire = wire;
        }
    }
}
