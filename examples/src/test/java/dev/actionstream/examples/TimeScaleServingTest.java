package dev.actionstream.examples;

import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.SamplingConfig;
import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.exporter.ModelExporter;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.status.StreamStatus;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import dev.actionstream.trainer.predict.VideoClassifier;
import dev.actionstream.trainer.train.RunFolder;
import dev.actionstream.trainer.train.TrainingRun;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's time scale travels with it, end to end. A training run fine-tunes the shipped live LRCN for one epoch on
 * fresh 25 fps clips of KTH's six actions with {@code rate} sampling at 25 fps (consecutive frames, 0.04 s apart: the
 * time scale that model learned) and records that sampling in its spec; it is exported twice, as it is and without
 * {@code sampling} in its spec (a model from before the contract, served consecutive frames whatever the rate). Both
 * are served held-out clips of walking, jogging and running (told apart only by cadence and speed) rendered at 25 fps
 * and at 50 fps, as paced MP4 files through the runtime's pipeline. With its sampling the model takes every frame at
 * 25 fps and every 2nd at 50 fps: the same time scale, the labels it gives the 25 fps files offline. Without it, at
 * 50 fps its window spans half the time it learned, every gait looks slower, and it does markedly worse.
 *
 * <p>Files, not the synthetic live source: the live source is paced in real time, and on a loaded machine its windows
 * lose frames and the few whole ones left are too few to compare accuracies by.
 *
 * <p>Fine-tuning from the shipped run, not training from scratch, is what keeps this fast: a tiny network trained from
 * scratch in a minute does not learn to tell gaits apart, and an action that a single frame shows cannot test a time
 * scale.
 */
class TimeScaleServingTest {

    private static final Path SHIPPED_RUN = Path.of("models", "runs", "lrcn-synthetic-live");
    private static final List<Action> GAITS = List.of(Action.JOGGING, Action.RUNNING, Action.WALKING);
    private static final double TRAIN_FPS = 25;
    private static final int TRAIN_CLIPS_PER_ACTION = 6;
    private static final int SERVED_CLIPS_PER_ACTION = 8;
    private static final double CLIP_SECONDS = 0.48;
    private static final int WIDTH = 160;
    private static final int HEIGHT = 120;

    @TempDir
    static Path dir;
    static TrainingRun.Outcome outcome;
    static ModelSpec spec;
    static MultiLayerNetwork net;
    static Path sampled;
    static Path old;

    @BeforeAll
    static void fineTuneAndExport() throws Exception {
        long started = System.nanoTime();
        Path data = dir.resolve("kth6");
        new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(data, TRAIN_CLIPS_PER_ACTION, 7, WIDTH, HEIGHT,
                (int) Math.round(CLIP_SECONDS * TRAIN_FPS), TRAIN_FPS)).write(false);
        RunFolder shipped = RunFolder.open(SHIPPED_RUN);
        TrainingConfig base = ConfigLoader.load(shipped.config(), TrainingConfig.class, TrainingConfig.defaults());
        DatasetConfig prepared = DatasetConfig.defaults().preparedAs(shipped.readSpec());
        DatasetConfig dataset = new DatasetConfig(prepared.framesPerWindow(), prepared.frameHeight(),
                prepared.frameWidth(), prepared.channelOrder(), prepared.trainFraction(),
                prepared.validationFraction(), prepared.testFraction(), prepared.splitSeed(),
                dir.resolve("cache").toString(), prepared.normalisation(), SamplingConfig.rate(TRAIN_FPS));
        TrainingConfig fineTune = base.withDataset(dataset).withEpochs(1)
                .withInitFrom(SHIPPED_RUN.toAbsolutePath().toString(), TrainingConfig.InitLayers.ALL);
        RunFolder run = new RunFolder(dir.resolve("run"));
        outcome = new TrainingRun(fineTune, new PrintWriter(System.out, true), false).train(data, run);
        long trained = System.nanoTime();
        spec = outcome.spec();
        assertEquals(SamplingMode.RATE, spec.sampling().mode());
        assertEquals(0.04, spec.sampling().intervalSeconds(), 1e-9, "the run records the rate it sampled at");

        net = run.loadModel();
        // The calibration fitted after training plays no part in the time scale; without it the export needs no
        // feature statistics.
        ModelSpec plain = spec.withCalibration(null);
        sampled = dir.resolve("models-sampled").resolve("gaits.onnx");
        old = dir.resolve("models-old").resolve("gaits.onnx");
        ModelExporter exporter = new ModelExporter(new PrintWriter(System.out, true));
        // The split form, as serve prefers it: each sampled frame is encoded once, not once per window.
        exporter.export(net, plain, run.root().toString(), sampled, true, List.of(), 2, 1);
        exporter.export(net, plain.withSampling(null), run.root().toString(), old, true, List.of(), 2, 1);
        System.out.printf("seconds: render + fine-tune %.1f, export %.1f%n", (trained - started) / 1e9,
                (System.nanoTime() - trained) / 1e9);
    }

    @Test
    void a50FpsFileIsLabelledAsOffline25FpsClipsAndTheOldConsecutiveWayDoesMarkedlyWorse() throws Exception {
        int t = spec.framesPerWindow();
        // Held-out actors: another seed, the same clips at both rates (a clip's actor, motion and scene do not depend
        // on the rate it is rendered at).
        Map<Double, SyntheticDatasetWriter> served = new LinkedHashMap<>();
        for (double fps : new double[] {25, 50}) {
            SyntheticDatasetWriter w = new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(
                    dir.resolve("served-" + (int) fps), SERVED_CLIPS_PER_ACTION, 91, WIDTH, HEIGHT,
                    (int) Math.round(CLIP_SECONDS * fps), fps, SyntheticDatasetWriter.LeadIn.NONE, GAITS));
            w.write(false);
            served.put(fps, w);
        }
        List<Clip> clips = offlineLabels(served.get(25.0));
        double offlineAccuracy = clips.stream().filter(c -> c.offlineLabel.equals(c.action.id())).count()
                / (double) clips.size();

        long rendered = System.nanoTime();
        Map<String, LabelEvent> now = serve(sampled, served, clips, "sampled");
        Map<String, LabelEvent> before = serve(old, served, clips, "old");
        System.out.printf("seconds: serve files %.1f%n", (System.nanoTime() - rendered) / 1e9);
        int n = clips.size();
        double sampled25 = accuracy(now, clips, 25);
        double sampled50 = accuracy(now, clips, 50);
        double old25 = accuracy(before, clips, 25);
        double old50 = accuracy(before, clips, 50);
        int agree50 = 0;
        for (Clip c : clips) {
            agree50 += now.get(c.stream(50)).label().equals(c.offlineLabel) ? 1 : 0;
        }
        System.out.printf("time scale on %d held-out clips of %s: run's %s split %.3f, offline on the 25 fps files "
                        + "%.3f; served with sampling (0.04 s): 25 fps %.3f, 50 fps %.3f (%d of %d labels as offline); "
                        + "served the old way (consecutive frames): 25 fps %.3f, 50 fps %.3f%n", n, GAITS,
                outcome.evaluation().split(), outcome.evaluation().accuracy(), offlineAccuracy, sampled25, sampled50,
                agree50, n, old25, old50);

        for (Clip c : clips) {
            assertEquals(0, now.get(c.stream(50)).windowStartFrame(), "the served window starts where training's did");
            assertEquals(t - 1, span(now.get(c.stream(25))), "every frame of a 25 fps file");
            assertEquals(2 * (t - 1), span(now.get(c.stream(50))), "every 2nd frame of a 50 fps file");
            assertEquals(t - 1, span(before.get(c.stream(50))), "consecutive frames without sampling");
            // At the rate it was trained at, the old way takes the same frames: the same label.
            assertEquals(now.get(c.stream(25)).label(), before.get(c.stream(25)).label(), c.stream(25));
        }
        assertTrue(offlineAccuracy >= 0.75, "the model tells the gaits apart offline: " + offlineAccuracy);
        assertTrue(Math.abs(sampled50 - offlineAccuracy) <= 0.10, "served at 50 fps " + sampled50
                + " vs offline " + offlineAccuracy);
        assertTrue(Math.abs(sampled25 - offlineAccuracy) <= 0.10, "served at 25 fps " + sampled25
                + " vs offline " + offlineAccuracy);
        assertTrue(agree50 >= n - 3, agree50 + " of " + n + " labels at 50 fps as offline");
        assertTrue(old50 <= sampled50 - 0.25, "consecutive frames at 50 fps (" + old50
                + ") should do markedly worse than sampled (" + sampled50 + ")");
    }

    /** One held-out clip and the label the trainer gives its 25 fps file. */
    private record Clip(Action action, int index, String offlineLabel) {
        String stream(int fps) {
            return action.id() + "-" + index + "-" + fps;
        }
    }

    /** Offline: the trainer's own decoding of the 25 fps files (predict's way), in DL4J. */
    private static List<Clip> offlineLabels(SyntheticDatasetWriter files) throws Exception {
        VideoClassifier offline = new VideoClassifier(net, spec);
        List<Clip> clips = new ArrayList<>();
        for (Action a : GAITS) {
            for (int i = 0; i < SERVED_CLIPS_PER_ACTION; i++) {
                float[] p = offline.probabilities(files.videoPath(a, i));
                clips.add(new Clip(a, i, spec.labels().get(argMax(p))));
            }
        }
        return clips;
    }

    /**
     * Serves every clip at both rates as paced file streams, one action's clips at a time (a few streams per core, so
     * that no frame is dropped); returns each stream's first event.
     */
    private static Map<String, LabelEvent> serve(Path model, Map<Double, SyntheticDatasetWriter> files,
                                                 List<Clip> clips, String name) throws Exception {
        Map<String, LabelEvent> first = new HashMap<>();
        for (Action a : GAITS) {
            List<RuntimeConfig.Stream> streams = new ArrayList<>();
            for (Clip c : clips) {
                for (int fps : new int[] {25, 50}) {
                    if (c.action == a) {
                        streams.add(new RuntimeConfig.Stream(c.stream(fps),
                                files.get((double) fps).videoPath(c.action, c.index).toString(), 1, false, true));
                    }
                }
            }
            Map<String, List<LabelEvent>> events = new HashMap<>();
            try (Pipeline pipeline = start(model, streams, name, events)) {
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    synchronized (events) {
                        if (events.size() == streams.size()) {
                            break;
                        }
                    }
                    Thread.sleep(50);
                }
                for (StreamStatus s : pipeline.snapshot().streams()) {
                    assertEquals(0, s.framesDropped(), s.name() + " dropped frames");
                }
            }
            synchronized (events) {
                assertEquals(streams.size(), events.size(), name + ": streams without an event");
                events.forEach((stream, list) -> first.put(stream, list.get(0)));
            }
        }
        return first;
    }

    private static Pipeline start(Path model, List<RuntimeConfig.Stream> streams, String name,
                                  Map<String, List<LabelEvent>> events) throws Exception {
        RuntimeConfig d = RuntimeConfig.defaults();
        RuntimeConfig config = d.withStreams(streams)
                .withModels(new RuntimeConfig.Models(dir.resolve("watched-" + name).toString(), false));
        // No smoothing across windows, no threshold: each event is the model's own answer for its window.
        config = new RuntimeConfig(config.server(), config.streams(), config.pipeline(), config.scoring(),
                RuntimeConfig.Events.unfiltered(3, 0.0), config.models());
        Pipeline pipeline = new Pipeline(config, model);
        pipeline.start(e -> {
            synchronized (events) {
                events.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e);
            }
        });
        return pipeline;
    }

    private static double accuracy(Map<String, LabelEvent> events, List<Clip> clips, int fps) {
        return clips.stream().filter(c -> events.get(c.stream(fps)).label().equals(c.action.id())).count()
                / (double) clips.size();
    }

    private static long span(LabelEvent e) {
        return e.windowEndFrame() - e.windowStartFrame();
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
