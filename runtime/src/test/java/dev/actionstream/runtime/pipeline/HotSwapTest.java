package dev.actionstream.runtime.pipeline;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.scoring.StreamScoring;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model swaps while streams run: through the models directory, the API, and with invalid files. */
class HotSwapTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Two live blue streams at 100 fps. */
    private static List<RuntimeConfig.Stream> twoStreams() {
        return List.of(new RuntimeConfig.Stream("left", "synthetic:32x24@100", 1, false, true),
                new RuntimeConfig.Stream("right", "synthetic:32x24@100", 1, false, true));
    }

    private static SourceOpener blue() {
        return (spec, stream) -> new ColourInput(spec.width(), spec.height(), spec.fps(), -1, i -> ColourInput.BLUE);
    }

    private Pipeline start(Path model, CollectingSink sink) throws Exception {
        RuntimeConfig config = TestRuntime.config(dir, true, twoStreams(), TestRuntime.EVERY_WINDOW);
        Pipeline p = new Pipeline(config, model, new RuntimeMetrics(), blue());
        p.start(sink);
        return p;
    }

    /** Writes the model next to its final name, then renames it into place in one step, as deploy tools do. */
    private Path deploy(Path staged, String name) throws IOException {
        return Files.move(staged, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path staged(String name) {
        return dir.resolve("." + name + ".part");
    }

    private static boolean hasVersion(List<LabelEvent> events, String version, int atLeast) {
        return events.stream().filter(e -> e.modelVersion().equals(version)).count() >= atLeast;
    }

    @Test
    void replacingTheModelFileUnderLoadLosesNoFrameAndKeepsSequencesGapless() throws Exception {
        CollectingSink sink = new CollectingSink();
        Path model = TestModels.colour(dir.resolve("model.onnx"), "colour", "1", 4, 8, 8);
        List<String> versions = List.of("2", "3", "4");
        Pipeline p = start(model, sink);
        try {
            sink.await(e -> hasVersion(e, "1", 10), WAIT, "events from version 1");
            for (String v : versions) {
                Path s = staged("model.onnx");
                if (v.equals("3")) {
                    TestModels.colour(s, "colour", v, 4, 8, 8);
                } else {
                    TestModels.reversedColour(s, "colour", v, 4, 8, 8);
                }
                deploy(s, "model.onnx");
                sink.await(e -> hasVersion(e, v, 10), WAIT, "events from version " + v);
            }
        } finally {
            p.close();
        }
        RuntimeStatus status = p.snapshot();
        assertEquals(3, status.modelSwaps());
        assertTrue(status.recentModelErrors().isEmpty(), status.recentModelErrors().toString());
        for (String stream : List.of("left", "right")) {
            List<LabelEvent> events = sink.of(stream);
            assertTrue(events.size() > 40, stream + ": " + events.size() + " events");
            List<String> order = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                LabelEvent e = events.get(i);
                assertEquals(i + 1, e.sequence(), stream + ": sequence numbers without gaps");
                if (i > 0) {
                    assertEquals(events.get(i - 1).windowEndFrame() + 1, e.windowEndFrame(),
                            stream + ": every frame ends a window, none lost around a swap");
                }
                assertEquals(3, e.windowEndFrame() - e.windowStartFrame(), "T = 4 throughout");
                String expected = e.modelVersion().equals("1") || e.modelVersion().equals("3") ? "blue" : "red";
                assertEquals(expected, e.label(), "version " + e.modelVersion() + " labels blue frames " + expected);
                if (order.isEmpty() || !order.get(order.size() - 1).equals(e.modelVersion())) {
                    order.add(e.modelVersion());
                }
            }
            assertEquals(List.of("1", "2", "3", "4"), order, stream + ": versions switch once each, in order");
        }
        status.streams().forEach(s -> assertEquals(0, s.framesDropped(), s.name() + " dropped frames"));
    }

    @Test
    void invalidModelsAreRejectedAndTheServingModelStays() throws Exception {
        CollectingSink sink = new CollectingSink();
        Pipeline p = start(TestModels.colour(dir.resolve("good.onnx"), "colour", "1", 4, 8, 8), sink);
        try {
            sink.await(e -> e.size() >= 10, WAIT, "first events");
            deploy(TestModels.garbage(staged("garbage.onnx"), 7), "garbage.onnx");
            deploy(TestModels.withoutMetadata(staged("bare.onnx"), 4, 8, 8), "bare.onnx");
            deploy(TestModels.shapeMismatch(staged("mismatch.onnx"), 4, 8, 8), "mismatch.onnx");
            deploy(TestModels.failsAtInference(staged("broken.onnx"), 4, 8, 8), "broken.onnx");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (p.snapshot().recentModelErrors().size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int before = sink.events().size();
            sink.await(e -> e.size() >= before + 20, WAIT, "events after the rejections");
        } finally {
            p.close();
        }
        RuntimeStatus status = p.snapshot();
        assertTrue(status.model() != null, "the serving model is still reported after close");
        assertEquals(0, status.modelSwaps());
        assertEquals(4, status.recentModelErrors().size(), status.recentModelErrors().toString());
        String errors = String.join("\n", status.recentModelErrors());
        for (String file : List.of("garbage.onnx", "bare.onnx", "mismatch.onnx", "broken.onnx")) {
            assertTrue(errors.contains(file), file + " missing from " + errors);
        }
        assertEquals(4.0, p.metrics().rejections().count());
        assertEquals("good.onnx", status.model().file().substring(status.model().file().lastIndexOf('/') + 1));
        assertTrue(sink.events().stream().allMatch(e -> e.modelVersion().equals("1") && e.label().equals("blue")));
    }

    @Test
    void aModelWithAnotherWindowLengthAndFrameSizeSwapsAndWindowsAreRebuilt() throws Exception {
        CollectingSink sink = new CollectingSink();
        Pipeline p = start(TestModels.colour(dir.resolve("model.onnx"), "colour", "1", 4, 8, 8), sink);
        try {
            sink.await(e -> hasVersion(e, "1", 10), WAIT, "events from T=4");
            Path s = staged("model.onnx");
            TestModels.reversedColour(s, "colour", "2", 6, 8, 8);
            deploy(s, "model.onnx");
            sink.await(e -> hasVersion(e, "2", 10), WAIT, "events from T=6");
            for (StreamScoring st : p.scoring()) {
                assertEquals(6, st.windowLength(), st.name());
            }
            s = staged("model.onnx");
            TestModels.colour(s, "colour", "3", 3, 12, 10);
            deploy(s, "model.onnx");
            sink.await(e -> hasVersion(e, "3", 10), WAIT, "events from T=3 at 12x10");
        } finally {
            p.close();
        }
        for (String stream : List.of("left", "right")) {
            List<LabelEvent> events = sink.of(stream);
            for (int i = 0; i < events.size(); i++) {
                LabelEvent e = events.get(i);
                assertEquals(i + 1, e.sequence(), stream + ": no sequence gap across window rebuilds");
                long span = e.windowEndFrame() - e.windowStartFrame() + 1;
                int t = switch (e.modelVersion()) {
                    case "1" -> 4;
                    case "2" -> 6;
                    default -> 3;
                };
                assertEquals(t, span, "window length follows the model");
                assertEquals(e.modelVersion().equals("2") ? "red" : "blue", e.label());
                if (i > 0 && e.modelVersion().equals(events.get(i - 1).modelVersion())) {
                    assertEquals(events.get(i - 1).windowEndFrame() + 1, e.windowEndFrame(), "stride 1 within a model");
                }
            }
        }
    }

    @Test
    void swapsBetweenModelsOfDifferentIntervalsRebuildWindowsWithoutMixingIntervalsOrDroppingFrames() throws Exception {
        // Streams at 100 fps; frames taken every 2nd (0.02 s), every 4th (0.04 s), every frame (an older file without
        // sampling: consecutive frames), every 2nd again.
        Map<String, Integer> step = Map.of("1", 2, "2", 4, "3", 1, "4", 2);
        CollectingSink sink = new CollectingSink();
        Pipeline p = start(TestModels.colourSampled(dir.resolve("model.onnx"), "colour", "1", 4, 8, 8,
                WindowSampling.rate(50)), sink);
        try {
            sink.await(e -> hasVersion(e, "1", 10), WAIT, "events at 0.02 s");
            for (String v : List.of("2", "3", "4")) {
                Path s = staged("model.onnx");
                if (v.equals("3")) {
                    TestModels.colour(s, "colour", v, 4, 8, 8);
                } else {
                    TestModels.colourSampled(s, "colour", v, 4, 8, 8, WindowSampling.rate(v.equals("2") ? 25 : 50));
                }
                deploy(s, "model.onnx");
                sink.await(e -> hasVersion(e, v, 10), WAIT, "events from version " + v);
            }
        } finally {
            p.close();
        }
        RuntimeStatus status = p.snapshot();
        assertEquals(3, status.modelSwaps());
        for (String stream : List.of("left", "right")) {
            List<LabelEvent> events = sink.of(stream);
            List<String> order = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                LabelEvent e = events.get(i);
                int k = step.get(e.modelVersion());
                assertEquals(i + 1, e.sequence(), stream + ": sequence numbers without gaps across interval swaps");
                // 4 frames k apart span 3k frames; a window holding frames of two intervals would span something else.
                assertEquals(3L * k, e.windowEndFrame() - e.windowStartFrame(),
                        stream + ": window of version " + e.modelVersion() + " holds frames " + k + " apart only");
                assertEquals("blue", e.label());
                LabelEvent previous = i > 0 ? events.get(i - 1) : null;
                if (previous != null && previous.modelVersion().equals(e.modelVersion())) {
                    assertEquals(previous.windowEndFrame() + k, e.windowEndFrame(),
                            stream + ": stride 1 counts sampled frames of version " + e.modelVersion());
                } else if (previous != null) {
                    assertTrue(e.windowStartFrame() > previous.windowEndFrame(), stream + ": the window of version "
                            + e.modelVersion() + " was rebuilt from frames after the swap, not kept from "
                            + previous.modelVersion());
                }
                if (order.isEmpty() || !order.get(order.size() - 1).equals(e.modelVersion())) {
                    order.add(e.modelVersion());
                }
            }
            assertEquals(List.of("1", "2", "3", "4"), order, stream + ": versions switch once each, in order");
        }
        for (var s : status.streams()) {
            assertEquals(0, s.framesDropped(), s.name() + " dropped frames");
            assertEquals(0.02, s.window().intervalSeconds(), 2e-3, s.name() + ": the last model's interval");
        }
    }

    @Test
    void installedModelsServeAndEarlierOnesCanBeActivatedAgain() throws Exception {
        CollectingSink sink = new CollectingSink();
        Pipeline p = start(TestModels.colour(dir.resolve("first.onnx"), "colour", "1", 4, 8, 8), sink);
        Path upload = TestModels.reversedColour(Files.createTempFile("upload", ".bin"), "colour", "2", 4, 8, 8);
        try {
            sink.await(e -> hasVersion(e, "1", 5), WAIT, "events from version 1");
            var info = p.install("../../etc/Upl oad.onnx", upload);
            assertTrue(info.active());
            assertTrue(Files.isRegularFile(dir.resolve("Upl_oad.onnx")), "stored under a sanitised name");
            assertEquals(dir.resolve("Upl_oad.onnx").toAbsolutePath().toString(), info.file());
            sink.await(e -> hasVersion(e, "2", 5), WAIT, "events from the installed model");
            p.activate("colour@1");
            int before = sink.events().size();
            sink.await(e -> e.size() > before + 10 && e.get(e.size() - 1).modelVersion().equals("1"), WAIT,
                    "events from the re-activated model");
            assertEquals(2, p.models().size());
            var install = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.actionstream.runtime.models.ModelRejectedException.class,
                    () -> p.install("x.onnx", TestModels.garbage(dir.resolve("upload.bin"), 3)));
            assertTrue(install.getMessage().contains("not a loadable ONNX model"), install.getMessage());
            Thread.sleep(3 * Pipeline.WATCH_DEBOUNCE_MILLIS);
        } finally {
            p.close();
            Files.deleteIfExists(upload);
        }
        assertEquals(2, p.snapshot().modelSwaps(), "the watcher does not load the installed file a second time");
    }

    @Test
    void anExportWithBothFormsIsOneSwapToTheSplitModel() throws Exception {
        CollectingSink sink = new CollectingSink();
        Pipeline p = start(TestModels.reversedColour(dir.resolve("first.onnx"), "colour", "1", 4, 8, 8), sink);
        Path staging = Files.createDirectories(dir.resolve(".staging"));
        try {
            sink.await(e -> hasVersion(e, "1", 5), WAIT, "events from version 1");
            TestModels.exportedSplitColour(staging, "lrcn", "2", 5, 8, 8);
            // The exporter's order: encoder, head, then the full model, each moved into place atomically.
            for (String name : List.of("lrcn.encoder.onnx", "lrcn.head.onnx", "lrcn.onnx")) {
                Files.move(staging.resolve(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            sink.await(e -> hasVersion(e, "2", 10), WAIT, "events from the split model");
            Thread.sleep(3 * Pipeline.WATCH_DEBOUNCE_MILLIS);
        } finally {
            p.close();
        }
        assertEquals(1, p.snapshot().modelSwaps(), "three files, one model, one swap");
        assertTrue(p.registry().active().split());
        assertTrue(sink.events().stream().filter(e -> e.modelVersion().equals("2")).allMatch(e -> e.label().equals("blue")
                && e.windowEndFrame() - e.windowStartFrame() == 4));
    }

    @Test
    void aFileWrittenInPiecesIsReadOnlyOnceComplete() throws Exception {
        CollectingSink sink = new CollectingSink();
        Pipeline p = start(TestModels.colour(dir.resolve("model.onnx"), "colour", "1", 4, 8, 8), sink);
        try {
            sink.await(e -> hasVersion(e, "1", 5), WAIT, "events from version 1");
            byte[] bytes = Files.readAllBytes(TestModels.reversedColour(staged("next.onnx"), "colour", "2", 4, 8, 8));
            // A slow copy straight onto the final name: three pieces, each well within the debounce interval.
            try (var out = Files.newOutputStream(dir.resolve("next.onnx"))) {
                int third = bytes.length / 3;
                out.write(bytes, 0, third);
                out.flush();
                Thread.sleep(Pipeline.WATCH_DEBOUNCE_MILLIS / 2);
                out.write(bytes, third, third);
                out.flush();
                Thread.sleep(Pipeline.WATCH_DEBOUNCE_MILLIS / 2);
                out.write(bytes, 2 * third, bytes.length - 2 * third);
            }
            sink.await(e -> hasVersion(e, "2", 5), WAIT, "events from the copied model");
        } finally {
            p.close();
        }
        assertEquals(1, p.snapshot().modelSwaps());
        assertTrue(p.snapshot().recentModelErrors().isEmpty(), "no half-written file was read: "
                + p.snapshot().recentModelErrors());
    }
}
