package dev.actionstream.runtime.pipeline;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.fixtures.TestVideos;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.status.StreamStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streams added and removed while the pipeline runs, over a fixed number of slots, on real sources. */
class DynamicStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Pipeline pipeline(List<RuntimeConfig.Stream> streams, int maxStreams) throws Exception {
        RuntimeConfig d = TestRuntime.config(dir.resolve("models"), false, streams, TestRuntime.EVERY_WINDOW);
        RuntimeConfig.Pipeline p = d.pipeline();
        RuntimeConfig config = new RuntimeConfig(d.server(), streams, new RuntimeConfig.Pipeline(p.ringSize(),
                p.connectTimeoutMillis(), p.readTimeoutMillis(), p.stallMillis(), p.reconnectInitialMillis(),
                p.reconnectMaxMillis(), p.rtspTransport(), p.decoderThreads(), maxStreams), d.scoring(), d.events(),
                d.models());
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 16, 16);
        return new Pipeline(config, model, new RuntimeMetrics(), SourceOpener.standard(config.pipeline()));
    }

    private static void assertGapless(List<LabelEvent> events, String stream) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).sequence(), stream + " sequence at event " + i);
        }
    }

    @Test
    void addsAndRemovesStreamsWithoutDisturbingTheOthers() throws Exception {
        Path video = TestVideos.solidColours(dir.resolve("colours.avi"), 64, 48, 20,
                List.of(ColourInput.BLUE, ColourInput.RED));
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = pipeline(List.of(new RuntimeConfig.Stream("steady", "synthetic:64x48@50", 1, false, true)),
                3)) {
            p.start(sink);
            sink.await(e -> e.size() >= 5, WAIT, "events from the steady stream");

            p.addStream(new RuntimeConfig.Stream("file", video.toString(), 1, false, false));
            p.addStream(new RuntimeConfig.Stream("synth2", "synthetic:64x48@50?seed=7", 1, false, true));
            sink.await(e -> e.stream().filter(x -> x.stream().equals("file")).count() == 37
                    && e.stream().anyMatch(x -> x.stream().equals("synth2")), WAIT, "events of both added streams");
            StreamSlotsFullException full = assertThrows(StreamSlotsFullException.class,
                    () -> p.addStream(new RuntimeConfig.Stream("fourth", "synthetic:64x48@50", 1, false, true)));
            assertTrue(full.getMessage().contains("pipeline.maxStreams"), full.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> p.addStream(new RuntimeConfig.Stream("synth2", "synthetic", 1, false, true)));

            assertTrue(p.removeStream("synth2"));
            assertFalse(p.removeStream("synth2"), "removed already");
            assertFalse(p.snapshot().streams().stream().anyMatch(s -> s.name().equals("synth2")));
            int synth2Events = sink.of("synth2").size();
            // The freed slot serves a new stream; nothing of the old one leaks into it.
            p.addStream(new RuntimeConfig.Stream("fourth", "synthetic:64x48@50?seed=3", 1, false, true));
            sink.await(e -> e.stream().filter(x -> x.stream().equals("fourth")).count() >= 5, WAIT,
                    "events of the stream in the freed slot");
            assertEquals(synth2Events, sink.of("synth2").size(), "no events of a removed stream");
            assertEquals(List.of("steady", "file", "fourth"),
                    p.snapshot().streams().stream().map(StreamStatus::name).toList());
            String scrape = p.metrics().scrape();
            assertFalse(scrape.contains("stream=\"synth2\""), "meters of the removed stream are gone");
            assertTrue(scrape.contains("stream=\"fourth\""));
            p.close();
        }
        List<LabelEvent> steady = sink.of("steady");
        assertGapless(steady, "steady");
        assertGapless(sink.of("file"), "file");
        assertGapless(sink.of("fourth"), "fourth");
        assertEquals(37, sink.of("file").size(), "40 frames, T = 4: every window of the added file scored");
        assertEquals(1, sink.of("fourth").get(0).sequence());
        assertEquals(0, sink.of("fourth").get(0).windowStartFrame(), "the freed slot's window started over");
    }

    @Test
    void startsEmptyWhenStreamsComeLater() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = pipeline(List.of(), 2)) {
            assertThrows(IllegalStateException.class, () -> p.start(sink), "no streams and none expected");
        }
        try (Pipeline p = pipeline(List.of(), 2).acceptStreamsLater()) {
            p.start(sink);
            assertTrue(p.snapshot().streams().isEmpty());
            p.addStream(new RuntimeConfig.Stream("late", "synthetic:64x48@50", 1, false, true));
            sink.await(e -> e.size() >= 3, WAIT, "events of a stream added to an empty pipeline");
        }
    }
}
