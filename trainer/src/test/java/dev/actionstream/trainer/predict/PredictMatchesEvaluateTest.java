package dev.actionstream.trainer.predict;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import dev.actionstream.trainer.dataset.ClipDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the synth module's default clips (60 frames at 25 fps, longer than the shipped models' 12-frame training clips)
 * {@code predict} and {@code evaluate} sample time as the model was trained: both take consecutive 25 fps frames, so
 * they call each clip the same, and call it right. Before the spec carried the time scale, evaluate spread 12 frames
 * over the 60 (0.2 s apart) and predict slid consecutive ones, and they disagreed.
 */
class PredictMatchesEvaluateTest {

    @TempDir
    static Path dir;
    static SyntheticDatasetWriter clips;

    @BeforeAll
    static void writeDefaultClips() throws Exception {
        SyntheticDatasetWriter.Settings defaults = SyntheticDatasetWriter.Settings.defaults(dir);
        clips = new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(dir, 1, 5, defaults.width(),
                defaults.height(), defaults.frames(), defaults.fps()));
        clips.write(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lrcn-synthetic.onnx", "lrcn-synthetic-live.onnx", "convlstm-synthetic.onnx"})
    void predictAndEvaluateGiveEachDefaultClipTheSameLabel(String model) throws Exception {
        List<String> disagreements = new ArrayList<>();
        int right = 0;
        try (WindowScorer scorer = WindowScorers.open(ShippedModels.DIR.resolve(model))) {
            ModelSpec spec = scorer.spec();
            ClipDecoder evaluateWindow = new ClipDecoder(DatasetConfig.defaults().preparedAs(spec));
            VideoScorer predict = new VideoScorer(scorer);
            for (Action action : Action.all()) {
                Path clip = clips.videoPath(action, 0);
                String evaluated = Prediction.top(scorer.score(List.of(evaluateWindow.decode(clip)))[0],
                        spec.labels(), 1).get(0).label();
                String predicted = predict.score(clip, false).videoLabel().label();
                if (!evaluated.equals(predicted)) {
                    disagreements.add(action.id() + ": evaluate " + evaluated + ", predict " + predicted);
                }
                right += predicted.equals(action.id()) ? 1 : 0;
            }
        }
        System.out.printf("%s on 60-frame clips: predict right on %d of %d; disagreements %s%n", model, right,
                Action.all().size(), disagreements);
        assertEquals(List.of(), disagreements);
        assertTrue(right >= Action.all().size() - 1, model + ": predict right on only " + right + " clips");
    }
}
