package dev.actionstream.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.RtspCamera;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.fixtures.TestVideos;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.metrics.TimerBuckets;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.source.SourceSpec;
import dev.actionstream.runtime.status.StreamStatus;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What broken files, dead sources and too many streams do to a running pipeline: each fault stays in its stream,
 * is counted and shown in the status, and the other streams keep producing events.
 */
class FaultToleranceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Debian opencv-doc's deliberately damaged AVI. */
    private static final Path MEGAMIND_BUGY = Tools.OPENCV_DOC_DATA.resolve("Megamind_bugy.avi");

    @TempDir
    Path dir;

    private static StreamStatus stream(Pipeline p, String name) {
        return p.snapshot().streams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static void await(Pipeline p, Predicate<Map<String, StreamStatus>> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, StreamStatus> byName = p.snapshot().streams().stream()
                    .collect(Collectors.toMap(StreamStatus::name, s -> s));
            if (condition.test(byName)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + ": " + p.snapshot().streams());
    }

    private static boolean done(StreamStatus s) {
        return Set.of("ended", "failed").contains(s.state().id());
    }

    @Test
    void corruptTruncatedAndGarbageFilesAreCountedAndSkippedWhileAGoodStreamKeepsScoring() throws Exception {
        Tools.require(Tool.OPENCV_DOC);
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path truncated = truncatedMp4(dir.resolve("truncated.mp4"));
        Path garbage = dir.resolve("garbage.mp4");
        byte[] noise = new byte[256 << 10];
        new Random(9).nextBytes(noise);
        Files.write(garbage, noise);
        Path sprayed = sprayed(dir.resolve("sprayed.avi"));
        List<RuntimeConfig.Stream> streams = List.of(
                new RuntimeConfig.Stream("good", "lavfi:color=c=red:size=64x48:rate=25", 1, false, true),
                new RuntimeConfig.Stream("bugy", MEGAMIND_BUGY.toString(), 1, false, false),
                new RuntimeConfig.Stream("sprayed", sprayed.toString(), 1, false, false),
                new RuntimeConfig.Stream("truncated", truncated.toString(), 1, false, false),
                new RuntimeConfig.Stream("garbage", garbage.toString(), 1, false, false));
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false, streams, TestRuntime.EVERY_WINDOW);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = new Pipeline(config, model, new RuntimeMetrics(), SourceOpener.standard(config.pipeline()))) {
            p.start(sink);
            await(p, s -> done(s.get("bugy")) && done(s.get("truncated")) && done(s.get("garbage"))
                            && done(s.get("sprayed")),
                    "the broken files to be read to their end or refused");
            int before = sink.of("good").size();
            sink.await(e -> e.stream().filter(x -> x.stream().equals("good")).count() >= before + 10, WAIT,
                    () -> "the good stream to keep scoring: " + p.snapshot().streams());

            // FFmpeg 5 reads the whole of opencv-doc's damaged AVI (all 270 frames, as ffprobe does): it must simply
            // play through without disturbing anything.
            StreamStatus bugy = stream(p, "bugy");
            assertEquals("ended", bugy.state().id(), bugy.toString());
            assertEquals(270, bugy.framesIn(), bugy.toString());
            assertEquals(267, bugy.windowsScored(), bugy.toString());

            // Damage FFmpeg conceals without an error: what the index lists but never decoded is counted.
            StreamStatus broken = stream(p, "sprayed");
            assertEquals("ended", broken.state().id(), broken.toString());
            assertTrue(broken.framesIn() > 0 && broken.framesIn() < 200, broken.toString());
            assertEquals(200 - broken.framesIn(), broken.decodeErrors(), "undecodable frames counted: " + broken);
            assertTrue(broken.lastError().contains("could not be decoded"), broken.lastError());

            StreamStatus cut = stream(p, "truncated");
            assertEquals("ended", cut.state().id(), cut.toString());
            assertTrue(cut.framesIn() < 100, "not all 100 frames: " + cut);
            assertEquals(100 - cut.framesIn(), cut.decodeErrors(), "the frames cut off are counted: " + cut);

            StreamStatus noiseStream = stream(p, "garbage");
            assertEquals("failed", noiseStream.state().id(), noiseStream.toString());
            assertTrue(noiseStream.lastError().contains("cannot open file:" + garbage), noiseStream.lastError());

            StreamStatus good = stream(p, "good");
            assertEquals("running", good.state().id());
            assertEquals(0, good.decodeErrors());
            assertEquals(0, p.consumerErrors(), "nothing reached the scoring thread as an exception");
            assertTrue(sink.of("good").stream().allMatch(e -> e.label().equals("red")));
            String scrape = p.metrics().scrape();
            assertTrue(scrape.contains("actionstream_decode_errors_total{stream=\"sprayed\"} " + (double) broken.decodeErrors()),
                    "decode errors are exported as a metric");
        }
    }

    @Test
    void anUnreachableSourceAtStartDoesNotStopTheOtherStreamAndTheStatusApiSaysWhy() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        int deadPort = RtspCamera.freePort();
        List<RuntimeConfig.Stream> streams = List.of(
                new RuntimeConfig.Stream("dead", "rtsp://127.0.0.1:" + deadPort + "/live", 1, false, true),
                new RuntimeConfig.Stream("unplugged", "/dev/video97", 1, false, true),
                new RuntimeConfig.Stream("good", "lavfi:color=c=blue:size=64x48:rate=25", 1, false, true));
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false, streams, TestRuntime.EVERY_WINDOW);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = new Pipeline(config, model, new RuntimeMetrics(), SourceOpener.standard(config.pipeline()));
             ServeAssembly serving = new ServeAssembly(p).withSink(sink)) {
            long started = System.nanoTime();
            serving.start();
            EventServer server = serving.server();
            sink.await(e -> e.stream().filter(x -> x.stream().equals("good")).count() >= 20, WAIT,
                    () -> "events from the good stream: " + p.snapshot().streams());
            await(p, s -> !s.get("dead").lastError().isEmpty() && !s.get("unplugged").lastError().isEmpty(),
                    "both dead sources to have tried and failed");

            JsonNode status = Json.MAPPER.readTree(get(server.port(), "/api/status"));
            Map<String, JsonNode> byName = new java.util.HashMap<>();
            status.get("streams").forEach(s -> byName.put(s.get("name").asText(), s));
            for (String dead : List.of("dead", "unplugged")) {
                JsonNode s = byName.get(dead);
                assertTrue(Set.of("starting", "reconnecting").contains(s.get("state").asText()), s.toString());
                assertEquals(0, s.get("framesIn").asLong(), s.toString());
                assertTrue(s.get("lastError").asText().contains("cannot open"), s.toString());
            }
            assertEquals("running", byName.get("good").get("state").asText());
            // A test pattern stands in for a camera: 25 fps, not as fast as FFmpeg can render it.
            double seconds = (System.nanoTime() - started) / 1e9;
            long frames = byName.get("good").get("framesIn").asLong();
            assertTrue(frames <= 25 * seconds * 1.5 + 10, frames + " frames in " + seconds + " s");
            assertTrue(byName.get("good").get("windowsScored").asLong() >= 20, byName.get("good").toString());
            assertTrue(sink.events().stream().allMatch(e -> e.stream().equals("good")));
        }
    }

    @Test
    void moreStreamsThanTheScorerKeepsUpWithDropAtTheRingWithBoundedLatencyAndHeap() throws Exception {
        int streamCount = 6;
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 8, 32, 32);
        List<RuntimeConfig.Stream> streams = new ArrayList<>();
        for (int i = 0; i < streamCount; i++) {
            streams.add(new RuntimeConfig.Stream("s" + i, "synthetic:64x48@25", 1, false, true));
        }
        RuntimeConfig d = TestRuntime.config(dir.resolve("models"), false, streams, TestRuntime.EVERY_WINDOW);
        RuntimeConfig config = new RuntimeConfig(d.server(), streams,
                new RuntimeConfig.Pipeline(64, 2_000, 2_000, 5_000, 50, 400, "tcp"), d.scoring(), d.events(), d.models());
        // Unpaced in-memory cameras: each produces frames as fast as a core can fill them, far beyond scoring.
        SourceOpener flood = (spec, stream) -> new ColourInput(64, 48, 0, -1, i -> ColourInput.GREEN);
        AtomicLong events = new AtomicLong();
        EventSink counting = e -> events.incrementAndGet();
        RuntimeMetrics metrics = new RuntimeMetrics();
        try (Pipeline p = new Pipeline(config, model, metrics, flood)) {
            p.start(counting);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(events.get() >= 200, "events under overload: " + events.get());
            TimerBuckets warm = TimerBuckets.of(metrics.eventLatency());
            long firstHeap = heapAfterGc();
            long maxHeap = firstHeap;
            long eventsBefore = events.get();
            for (int sample = 0; sample < 5; sample++) {
                Thread.sleep(1_000);
                maxHeap = Math.max(maxHeap, heapAfterGc());
            }
            TimerBuckets run = TimerBuckets.of(metrics.eventLatency()).minus(warm);
            List<StreamStatus> status = p.snapshot().streams();
            long in = status.stream().mapToLong(StreamStatus::framesIn).sum();
            long dropped = status.stream().mapToLong(StreamStatus::framesDropped).sum();

            assertTrue(events.get() > eventsBefore, "scoring went on under overload");
            assertTrue(dropped > 0 && dropped < in, "frames dropped at the ring and counted: " + dropped + " of " + in);
            for (StreamStatus s : status) {
                assertEquals("running", s.state().id(), s.toString());
                assertTrue(s.framesDropped() > 0, s.name() + " was flooded too: " + s);
                assertTrue(s.windowsScored() > 0, s.name() + " was still scored: " + s);
            }
            double p99 = run.percentileMillis(0.99);
            assertTrue(run.count() > 0 && p99 <= 2_000, "capture→event latency p99 stays bounded: " + p99 + " ms");
            assertTrue(maxHeap - firstHeap < 64L << 20,
                    "heap after GC stays bounded: " + (firstHeap >> 20) + " MB → " + (maxHeap >> 20) + " MB");
            p.close();
            long finalDrops = p.snapshot().streams().stream().mapToLong(StreamStatus::framesDropped).sum();
            double scrapedDrops = metrics.registry().find("actionstream.frames.dropped").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            assertEquals((double) finalDrops, scrapedDrops, "drops are exported as a metric");
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    /** A 200-frame AVI with random bytes sprayed over its frame data (headers and index intact). */
    private static Path sprayed(Path file) throws Exception {
        TestVideos.solidColours(file, 64, 48, 100, List.of(ColourInput.BLUE, ColourInput.GREEN));
        long size = Files.size(file);
        Random random = new Random(3);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] noise = new byte[64];
            for (long at = size / 10; at < size * 8 / 10; at += 300) {
                random.nextBytes(noise);
                ch.write(java.nio.ByteBuffer.wrap(noise), at);
            }
        }
        return file;
    }

    /** A 100-frame MP4 with its index up front (faststart), cut to 40 % of its length: the rest of the data is gone. */
    private static Path truncatedMp4(Path file) throws Exception {
        Path whole = file.resolveSibling("whole.mp4");
        TestVideos.solidColours(whole, 64, 48, 50, List.of(ColourInput.BLUE, ColourInput.GREEN), "mp4");
        long size = Files.size(whole);
        Files.copy(whole, file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size * 2 / 5);
        }
        return file;
    }
}
