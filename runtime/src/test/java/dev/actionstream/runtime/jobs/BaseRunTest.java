package dev.actionstream.runtime.jobs;

import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's training config from the shipped live run: its time scale, the learning rate and the layers that learn for new
 * labels.
 */
class BaseRunTest {

    private static final Path SHIPPED = Path.of("..", "examples", "models", "runs", "lrcn-synthetic-live");

    @Test
    void aJobTrainsAtTheTimeScaleTheBaseModelLearned() throws Exception {
        BaseRun base = BaseRun.open(SHIPPED);
        // Its config.yaml predates sampling (it would mean "even"); its spec says consecutive frames at 25 fps.
        TrainingConfig cfg = base.trainingConfig(null, base.labels(), null);
        assertEquals(SamplingMode.RATE, cfg.dataset().sampling().mode());
        assertEquals(25.0, cfg.dataset().sampling().fps(), 1e-9);
        assertEquals(8, cfg.dataset().framesPerWindow());
    }

    @Test
    void newLabelsRaiseAFineTuningRateAndAnAskedRateWins() throws Exception {
        BaseRun base = BaseRun.open(SHIPPED);
        assertEquals(5e-5, base.trainingConfig(null, base.labels(), null).learningRate(), 1e-12, "same labels: the base's");
        List<String> taught = List.of("boxing", "handwaving", "squats", "walking");
        assertEquals(BaseRun.TRANSFER_LEARNING_RATE, base.trainingConfig(null, taught, null).learningRate(), 1e-12);
        assertEquals(2e-4, base.trainingConfig(2e-4, taught, null).learningRate(), 1e-12);
    }

    @Test
    void newLabelsTrainTheTopWithAColourCastAndTheSameLabelsTrainEveryLayer() throws Exception {
        BaseRun base = BaseRun.open(SHIPPED);
        List<String> taught = List.of("boxing", "handwaving", "squats", "walking");
        TrainingConfig teaching = base.trainingConfig(null, taught, null);
        assertEquals(TrainingConfig.TrainLayers.TOP, teaching.trainLayers());
        assertEquals(BaseRun.TEACHING_COLOUR_CAST, teaching.colourCast(), 1e-12);
        TrainingConfig more = base.trainingConfig(null, base.labels(), null);
        assertEquals(TrainingConfig.TrainLayers.ALL, more.trainLayers(), "more footage of known actions");
        assertEquals(0, more.colourCast(), 1e-12);
        assertEquals(TrainingConfig.TrainLayers.ALL,
                base.trainingConfig(null, taught, TrainingConfig.TrainLayers.ALL).trainLayers(), "asked for: all");
    }

    @Test
    void teachingNewLabelsTakesEveryThirdFrameSoAWindowSpansMostOfASecond() throws Exception {
        BaseRun base = BaseRun.open(SHIPPED);
        List<String> taught = List.of("boxing", "handwaving", "squats", "walking");
        TrainingConfig teaching = base.trainingConfig(null, taught, null);
        // 8 frames at 25 fps span 0.32 s; at 25 / 3 fps, 0.96 s.
        assertEquals(25 / 3.0, teaching.dataset().sampling().fps(), 1e-9);
        assertEquals(8, teaching.dataset().framesPerWindow());
        assertEquals(25 / 3.0, base.trainingConfig(null, taught, TrainingConfig.TrainLayers.HEAD).dataset()
                .sampling().fps(), 1e-9, "the head alone, asked for, too");
        assertEquals(25.0, base.trainingConfig(null, taught, TrainingConfig.TrainLayers.ALL).dataset().sampling()
                .fps(), 1e-9, "every layer learning keeps the base's time scale");
        assertEquals(25.0, base.trainingConfig(null, base.labels(), null).dataset().sampling().fps(), 1e-9,
                "more footage of known actions keeps it too");
        assertEquals(3, BaseRun.frameStep(25, 8));
        assertEquals(2, BaseRun.frameStep(25, 16), "16 frames at 25 fps span 0.64 s");
        assertEquals(1, BaseRun.frameStep(25, 20), "20 frames at 25 fps already span 0.8 s");
        assertEquals(4, BaseRun.frameStep(30, 6));
        assertEquals(1, BaseRun.frameStep(25, 1));
    }

    @Test
    void aFolderThatIsNotARunIsRefusedNamingWhatIsMissing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.zip"), "x");
        JobRefusedException e = assertThrows(JobRefusedException.class, () -> BaseRun.open(dir));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("no spec.json"), e.getMessage());
    }
}
