package dev.actionstream.examples.teach;

import dev.actionstream.config.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models judged live on fresh people, one after another on the same streams, so that their figures compare: the
 * measurement behind bench/README.md#teaching's time scales. Runs when given models:
 * {@code mvn -pl examples -am test -Dtest=LiveJudgeTest -Dactionstream.judge.models=A.onnx,B.onnx
 * -Dactionstream.judge.actions=squats,squats,squats,squats -Dactionstream.judge.seed=500
 * -Dactionstream.judge.seconds=80 -Dsurefire.failIfNoSpecifiedTests=false}; a stream per action listed, on seeds
 * from {@code seed} up, or on those of {@code -Dactionstream.judge.seeds=94,104,114} (one per action: the end-to-end
 * test's judging streams on seed 91 are squats 94, 104, 114 and boxing 91, 101, 111; the same model on the same seeds
 * gives the same events).
 */
@EnabledIfSystemProperty(named = "actionstream.judge.models", matches = ".+",
        disabledReason = "a measurement: give -Dactionstream.judge.models=A.onnx,...")
class LiveJudgeTest {

    @TempDir
    Path dir;

    @Test
    void judgesEachModelOnTheSameFreshPeople() throws Exception {
        int seed = Integer.getInteger("actionstream.judge.seed", 500);
        int seconds = Integer.getInteger("actionstream.judge.seconds", 80);
        String[] actions = System.getProperty("actionstream.judge.actions", "squats,squats,squats,squats").split(",");
        // Explicit seeds, one per action listed, judge the very people of an end-to-end run again.
        String[] seeds = System.getProperty("actionstream.judge.seeds", "").isBlank() ? null
                : System.getProperty("actionstream.judge.seeds").split(",");
        if (seeds != null && seeds.length != actions.length) {
            throw new IllegalArgumentException("actionstream.judge.seeds: one per action, got " + seeds.length
                    + " for " + actions.length);
        }
        List<RuntimeConfig.Stream> streams = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            streams.add(LiveJudge.stream(actions[i] + "-" + i, actions[i],
                    seeds == null ? seed + i : Integer.parseInt(seeds[i].trim())));
        }
        for (String model : System.getProperty("actionstream.judge.models").split(",")) {
            LiveJudge.Verdict v = LiveJudge.judge(Path.of(model), streams, dir.resolve("models"), seconds);
            System.out.printf(Locale.ROOT, "judged %s on seeds %s for %d s: %s; people %s; labels %s%n", model,
                    seeds == null ? seed + ".." + (seed + actions.length - 1) : String.join(",", seeds), seconds,
                    v.recognised(), v.people(), v.labels());
            v.people().forEach((action, people) -> assertTrue(people > 0, "no steady event of " + action));
        }
    }
}
