package dev.actionstream.examples.teach;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.evaluation.Accuracy;
import dev.actionstream.runtime.evaluation.HeldOutClips;
import dev.actionstream.runtime.evaluation.HeldOutComparison;
import dev.actionstream.runtime.evaluation.HeldOutEvaluator;
import dev.actionstream.runtime.evaluation.LabelledClip;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelLoader;
import dev.actionstream.runtime.models.SessionFactory;
import dev.actionstream.synth.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Held-out accuracy as the runtime measures it, on real clips and the shipped live model with ONNX Runtime: the
 * held-out clips are those of the captured dataset in the run's split, windows follow the serving rule, and the split
 * form and the one-piece form of one model score the clips alike.
 */
class HeldOutAccuracyTest {

    @TempDir
    Path dir;

    @Test
    void heldOutClipsAreTheSplitsValidationAndTestClipsOfTheCapturedDatasetOnly() throws Exception {
        Path captured = TinyTeaching.dataset(dir.resolve("captures"), 3, 5, Action.BOXING, Action.SQUATS);
        Path other = TinyTeaching.dataset(dir.resolve("base-data"), 1, 6, Action.WALKING);
        Path data = Files.createDirectories(dir.resolve("job/data"));
        Files.createSymbolicLink(data.resolve("boxing"), captured.resolve("boxing"));
        Files.createSymbolicLink(data.resolve("squats"), captured.resolve("squats"));
        Files.createSymbolicLink(data.resolve("walking"), other.resolve("walking"));
        List<String> boxing = clips(captured.resolve("boxing"));
        List<String> squats = clips(captured.resolve("squats"));
        List<String> walking = clips(other.resolve("walking"));
        Path run = Files.createDirectories(dir.resolve("job/run"));
        Files.writeString(run.resolve("split.json"), "{\"classes\":[\"boxing\",\"squats\",\"walking\"],\"seed\":1,"
                + "\"train\":[\"boxing/" + boxing.get(0) + "\"],"
                + "\"validation\":[\"boxing/" + boxing.get(1) + "\",\"walking/" + walking.get(0) + "\"],"
                + "\"test\":[\"squats/" + squats.get(2) + "\",\"squats/missing.mp4\"]}");

        List<LabelledClip> held = HeldOutClips.of(run, data, captured);

        assertEquals(List.of("boxing", "squats"), held.stream().map(LabelledClip::label).toList(), held.toString());
        assertEquals(data.resolve("boxing").resolve(boxing.get(1)), held.get(0).file());
    }

    @Test
    void theServingModelsSplitAndOnePieceFormsScoreTheHeldOutClipsAlike() throws Exception {
        Path captured = TinyTeaching.dataset(dir.resolve("captures"), 2, 7, Action.BOXING, Action.SQUATS);
        List<LabelledClip> clips = Stream.of("boxing", "squats")
                .flatMap(l -> clips(captured.resolve(l)).stream().map(f -> new LabelledClip(l, captured.resolve(l)
                        .resolve(f)))).toList();
        Path onePiece = Files.createDirectories(dir.resolve("one-piece")).resolve("live.onnx");
        Files.copy(TinyTeaching.LIVE_MODEL, onePiece);
        ModelLoader loader = new ModelLoader(new SessionFactory(OrtEnvironment.getEnvironment(),
                new RuntimeConfig.Scoring("cpu", 1, 1, 1, 1, 0)));
        try (LoadedModel split = loader.load(TinyTeaching.LIVE_MODEL);
             LoadedModel full = loader.load(onePiece)) {
            assertTrue(split.split(), "the shipped model is served split");
            assertFalse(full.split());

            HeldOutComparison c = new HeldOutEvaluator(RuntimeConfig.Pipeline.defaults())
                    .compare(clips, split, full, "live.onnx");

            assertNull(c.reason(), String.valueOf(c));
            assertEquals(4, c.clips());
            assertEquals("live.onnx", c.activeModel());
            // 12 frames at 25 fps, windows of 8 frames 0.04 s apart: every frame is taken, 5 windows a clip.
            assertEquals(20, c.candidate().windows(), c.toString());
            assertEquals(List.of("boxing", "squats"), List.copyOf(c.candidate().perClass().keySet()));
            Accuracy.ClassAccuracy unknownAction = c.candidate().perClass().get("squats");
            assertEquals(10, unknownAction.windows());
            assertEquals(0, unknownAction.correct(), "the shipped model has no 'squats' label");
            for (String label : List.of("boxing", "squats")) {
                assertEquals(c.candidate().perClass().get(label).correct(), c.active().perClass().get(label).correct(),
                        label + ": " + c);
            }
            assertEquals(c.candidate().accuracy(), c.active().accuracy());
        }
    }

    @Test
    void withoutHeldOutClipsTheComparisonSaysWhy() {
        HeldOutComparison c = new HeldOutEvaluator(RuntimeConfig.Pipeline.defaults()).compare(List.of(), null, null,
                null);
        assertNull(c.candidate());
        assertTrue(c.reason().contains("no held-out captured clip"), c.reason());
    }

    private static List<String> clips(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".json")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
