package dev.actionstream.runtime.shipped;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.episodes.ActionLabels;
import dev.actionstream.runtime.episodes.Episode;
import dev.actionstream.runtime.episodes.EpisodeEvent;
import dev.actionstream.runtime.episodes.EpisodeTracker;
import dev.actionstream.runtime.events.EventSinks;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.synth.SyntheticLiveSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Episodes of the shipped live model on the synthetic live source, against its ground truth: four streams (seeds
 * 1-4) served at once through the real pipeline and tracker at the serving defaults. An episode matches a true
 * segment of the same action when their frame ranges overlap by at least half of their union (temporal IoU &ge; 0.5),
 * one to one; precision is matched episodes over episodes, recall matched segments over segments. Prints both, the
 * start delay (first frame of the episode after the segment's first frame) and the report delay (wall time from the
 * segment's first frame to the start event: the start delay plus {@code episodes.minSeconds} plus latency), and asserts the product target of {@value #TARGET} on both.
 *
 * <p>{@code -Dactionstream.episodes.frames=N} runs longer (default 1500 frames, 60 s, about 60 segments).
 */
class ShippedModelEpisodesTest {

    static final Path MODEL = ShippedModelLiveAccuracyTest.MODEL;
    static final long[] SEEDS = {1, 2, 3, 4};
    static final int FRAMES = Integer.getInteger("actionstream.episodes.frames", 1500);
    static final double TARGET = 0.95;
    static final double MIN_IOU = 0.5;

    @TempDir
    Path dir;

    record Segment(String label, long start, long end) {
        long length() {
            return end - start + 1;
        }
    }

    @Test
    void episodesMatchTheTrueActionSegmentsOnFourSeeds() throws Exception {
        assertTrue(Files.isRegularFile(MODEL), "shipped model missing: " + MODEL.toAbsolutePath());
        List<RuntimeConfig.Stream> streams = new ArrayList<>();
        for (long seed : SEEDS) {
            streams.add(new RuntimeConfig.Stream("s" + seed, source(seed), 1, false, true));
        }
        RuntimeConfig config = RuntimeConfig.defaults().withStreams(streams)
                .withModels(new RuntimeConfig.Models(dir.toString(), false));
        Map<String, List<Episode>> ended = new ConcurrentHashMap<>();
        Map<String, Long> reportedAt = new ConcurrentHashMap<>();
        Map<String, Long> lastFrame = new ConcurrentHashMap<>();
        try (Pipeline pipeline = new Pipeline(config, MODEL)) {
            EpisodeTracker tracker = new EpisodeTracker(config.episodes(),
                    new ActionLabels(() -> pipeline.registry().active().spec().labels()),
                    List.of((EpisodeEvent e) -> {
                        if (e.phase() == EpisodeEvent.Phase.START) {
                            // How long after its first window the start was sent, in ms.
                            reportedAt.put(e.episode().id(), System.currentTimeMillis() - e.episode().startMs());
                        } else if (e.phase() == EpisodeEvent.Phase.END) {
                            ended.computeIfAbsent(e.episode().stream(), s -> new ArrayList<>()).add(e.episode());
                        }
                    })).start();
            pipeline.start(EventSinks.of(tracker, (LabelEvent e) -> lastFrame.merge(e.stream(), e.frameIndex(),
                    Math::max)));
            long deadline = System.currentTimeMillis() + FRAMES * 40L + 120_000;
            while (System.currentTimeMillis() < deadline
                    && (lastFrame.size() < SEEDS.length
                    || lastFrame.values().stream().mapToLong(Long::longValue).min().orElse(0) < FRAMES)) {
                Thread.sleep(200);
            }
            tracker.close();
        }
        int episodes = 0;
        int matchedEpisodes = 0;
        int segments = 0;
        int matchedSegments = 0;
        List<Long> startDelays = new ArrayList<>();
        List<Long> reportDelays = new ArrayList<>();
        for (long seed : SEEDS) {
            String stream = "s" + seed;
            List<Segment> truth = segments(seed, FRAMES + 1);
            long horizon = truth.get(truth.size() - 1).end();
            List<Episode> found = ended.getOrDefault(stream, List.of()).stream()
                    .filter(e -> e.startFrame() <= horizon).toList();
            boolean[] used = new boolean[truth.size()];
            for (Episode e : found) {
                int best = -1;
                double bestIou = MIN_IOU;
                for (int i = 0; i < truth.size(); i++) {
                    double iou = iou(truth.get(i), e);
                    if (!used[i] && truth.get(i).label().equals(e.label()) && iou >= bestIou) {
                        best = i;
                        bestIou = iou;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    matchedEpisodes++;
                    startDelays.add(e.startFrame() - truth.get(best).start());
                    Long at = reportedAt.get(e.id());
                    if (at != null) {
                        reportDelays.add(at + (e.startFrame() - truth.get(best).start()) * 40);
                    }
                } else {
                    System.out.printf("  %s unmatched episode %s frames %d-%d (%s)%n", stream, e.label(),
                            e.startFrame(), e.endFrame(), e.endReason());
                }
            }
            for (int i = 0; i < truth.size(); i++) {
                if (!used[i]) {
                    System.out.printf("  %s missed segment %s frames %d-%d%n", stream, truth.get(i).label(),
                            truth.get(i).start(), truth.get(i).end());
                }
                matchedSegments += used[i] ? 1 : 0;
            }
            episodes += found.size();
            segments += truth.size();
        }
        double precision = episodes == 0 ? 0 : matchedEpisodes / (double) episodes;
        double recall = matchedSegments / (double) segments;
        System.out.printf("episodes on seeds 1-4 over %d frames each: %d true segments, %d episodes; precision %.3f, "
                        + "recall %.3f (IoU >= %.1f); start delay median %d frames (p90 %d), start event sent "
                        + "median %d ms (p90 %d) after the segment began, at 25 fps%n", FRAMES, segments, episodes, precision, recall,
                MIN_IOU, percentile(startDelays, 0.5), percentile(startDelays, 0.9), percentile(reportDelays, 0.5),
                percentile(reportDelays, 0.9));
        assertTrue(segments >= 40, "enough segments to measure: " + segments);
        assertTrue(precision >= TARGET, "precision " + precision + " below " + TARGET);
        assertTrue(recall >= TARGET, "recall " + recall + " below " + TARGET);
    }

    static String source(long seed) {
        return "synthetic:160x120@25?seed=" + seed;
    }

    static double iou(Segment s, Episode e) {
        long overlap = Math.min(s.end(), e.endFrame()) - Math.max(s.start(), e.startFrame()) + 1;
        if (overlap <= 0) {
            return 0;
        }
        long union = Math.max(s.end(), e.endFrame()) - Math.min(s.start(), e.startFrame()) + 1;
        return overlap / (double) union;
    }

    /** The true segments wholly within the first {@code frames} frames (the live source is a pure function). */
    static List<Segment> segments(long seed, int frames) {
        List<Segment> out = new ArrayList<>();
        try (SyntheticLiveSource replica = new SyntheticLiveSource(SyntheticLiveSource.Settings.parse(source(seed)))) {
            BufferedImage image = replica.newFrame();
            String current = null;
            long start = 0;
            for (long f = 0; f < frames; f++) {
                String label = replica.nextFrame(image).id();
                if (!label.equals(current)) {
                    if (current != null) {
                        out.add(new Segment(current, start, f - 1));
                    }
                    current = label;
                    start = f;
                }
            }
        }
        return out;
    }

    static long percentile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }
}
