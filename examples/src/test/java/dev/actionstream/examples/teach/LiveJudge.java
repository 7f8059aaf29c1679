package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.synth.SyntheticLiveSource;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model judged live on synthetic streams, each showing one action: a second runtime serves it, and of each stream's
 * label events those count that are steady — the event's window lies wholly within one actor's stretch and half a
 * second past its start (the label filter's settling), as the synthetic source's own renderer says where the
 * stretches begin. A stream shows a new actor in a new scene every 3 to 6 s, so a stream judged 96 s sees about 20.
 */
final class LiveJudge {

    /** Half a second at 25 fps: how long the label filter takes to settle on a new stretch. */
    static final long SETTLE_FRAMES = 12;

    /**
     * Per action: the share of steady events naming it, the labels of those events, and the actors they fell on.
     */
    record Verdict(Map<String, Double> recognised, Map<String, Map<String, Long>> labels, Map<String, Integer> people) {
    }

    private LiveJudge() {
    }

    /** A stream of {@code action} alone, 160×120 at 25 fps, on the synthetic source's {@code seed}. */
    static RuntimeConfig.Stream stream(String name, String action, int seed) {
        return new RuntimeConfig.Stream(name, "synthetic:160x120@25?seed=" + seed + "&actions=" + action, 1, false,
                true);
    }

    /** The one action a stream made by {@link #stream} shows. */
    static String action(RuntimeConfig.Stream stream) {
        String source = stream.source();
        return source.substring(source.indexOf("actions=") + "actions=".length());
    }

    /** Defaults but these streams, models from {@code models} (not watched), events and API on a free port. */
    static RuntimeConfig config(Path models, List<RuntimeConfig.Stream> streams) {
        RuntimeConfig c = RuntimeConfig.defaults().withStreams(streams)
                .withModels(new RuntimeConfig.Models(models.toString(), false));
        return new RuntimeConfig(c.server().withPort(0), c.streams(), c.pipeline(), c.scoring(), c.events(),
                c.models(), c.capture());
    }

    /** Serves {@code model} on {@code streams} for {@code seconds} and judges its steady events. */
    static Verdict judge(Path model, List<RuntimeConfig.Stream> streams, Path models, int seconds) throws Exception {
        Files.createDirectories(models);
        List<JsonNode> events;
        try (ServeAssembly serving = new ServeAssembly(new Pipeline(config(models, streams), model))) {
            serving.start();
            events = new Api(serving.server().port()).subscribe("");
            Thread.sleep(seconds * 1000L);
        }
        Map<String, List<JsonNode>> steady = new LinkedHashMap<>();
        Map<String, Integer> people = new LinkedHashMap<>();
        for (RuntimeConfig.Stream s : streams) {
            List<Long> starts = stretchStarts(s.source(), (seconds + 30) * 25);
            List<JsonNode> mine = events.stream().filter(e -> s.name().equals(e.path("stream").asText()))
                    .filter(e -> steady(e, starts)).toList();
            steady.computeIfAbsent(action(s), a -> new ArrayList<>()).addAll(mine);
            TreeSet<Long> actors = new TreeSet<>();
            mine.forEach(e -> actors.add(starts.stream().filter(x -> x <= e.get("windowStartFrame").asLong())
                    .reduce((a, b) -> b).orElse(0L)));
            people.merge(action(s), actors.size(), Integer::sum);
        }
        Map<String, Double> recognised = new LinkedHashMap<>();
        Map<String, Map<String, Long>> labels = new LinkedHashMap<>();
        steady.forEach((action, mine) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            mine.forEach(e -> counts.merge(e.get("label").asText(), 1L, Long::sum));
            labels.put(action, counts);
            recognised.put(action, mine.isEmpty() ? 0 : (double) counts.getOrDefault(action, 0L) / mine.size());
        });
        return new Verdict(recognised, labels, people);
    }

    private static boolean steady(JsonNode e, List<Long> starts) {
        long from = e.get("windowStartFrame").asLong();
        long to = e.get("frameIndex").asLong();
        for (long start : starts) {
            if (start > from - SETTLE_FRAMES && start <= to) {
                return false;
            }
        }
        return from >= SETTLE_FRAMES;
    }

    /** Frames where a new actor's stretch begins, from a second source with the same settings (same frames). */
    private static List<Long> stretchStarts(String source, int frames) {
        List<Long> out = new ArrayList<>();
        try (SyntheticLiveSource s = new SyntheticLiveSource(SyntheticLiveSource.Settings.parse(source))) {
            BufferedImage img = s.newFrame();
            for (long i = 0; i < frames; i++) {
                s.nextFrame(img);
                long start = s.segmentStart();
                if (out.isEmpty() || out.get(out.size() - 1) != start) {
                    out.add(start);
                }
            }
        }
        return out;
    }
}
