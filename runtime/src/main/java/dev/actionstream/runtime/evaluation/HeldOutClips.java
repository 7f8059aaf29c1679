package dev.actionstream.runtime.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clips a job's trainer did not train on, from its run's {@code split.json} (the {@code validation} and
 * {@code test} parts, paths relative to the job's {@code data/} folder), kept only when they are clips of the
 * captured dataset: a clip that resolves outside it (e.g. the base run's own data merged in) is not the user's
 * footage and is left out.
 */
public final class HeldOutClips {

    private HeldOutClips() {
    }

    /**
     * @param run     the job's run folder (holds {@code split.json})
     * @param data    the folder the split's paths are relative to
     * @param dataset the captured dataset the clips must come from
     * @throws IOException when the split file is missing or unreadable
     */
    public static List<LabelledClip> of(Path run, Path data, Path dataset) throws IOException {
        Path split = run.resolve("split.json");
        if (!Files.isRegularFile(split)) {
            throw new IOException("the run " + run + " has no split.json");
        }
        JsonNode root = Json.MAPPER.readTree(split.toFile());
        Path captured = dataset.toRealPath();
        List<LabelledClip> out = new ArrayList<>();
        for (String part : List.of("validation", "test")) {
            for (JsonNode n : root.path(part)) {
                Path relative = Path.of(n.asText());
                if (relative.getNameCount() < 2) {
                    continue;
                }
                Path file = data.resolve(relative);
                if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(captured)) {
                    continue;
                }
                out.add(new LabelledClip(relative.getName(relative.getNameCount() - 2).toString(), file));
            }
        }
        return out;
    }
}
