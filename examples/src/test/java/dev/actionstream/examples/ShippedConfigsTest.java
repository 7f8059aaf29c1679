package dev.actionstream.examples;

import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.TrainingConfig;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.source.SourceSpec;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped config files document every key with its default; they must stay true. */
class ShippedConfigsTest {

    private static final Path CONFIGS = Path.of("configs");
    /** Paths in the configs are relative to the checkout, where ./actionstream runs. */
    private static final Path CHECKOUT = Path.of("..");
    /** A stream example left commented out in a config: {@code #  - {name: ..., source: ...}}. */
    private static final Pattern COMMENTED_STREAM = Pattern.compile("(?m)^#\\s*(- \\{name:.*)$");
    /** The command that writes the synthetic dataset a config may point at; the config must name it. */
    private static final String SYNTH = "./actionstream synth --out data/synthetic";

    @Test
    void shippedConfigsDocumentEveryKey() throws IOException {
        assertNoKeyMissing(TrainingConfig.defaults(), CONFIGS.resolve("train.yaml"));
        assertNoKeyMissing(RuntimeConfig.defaults(), CONFIGS.resolve("serve.yaml"));
    }

    private static void assertNoKeyMissing(Object defaults, Path file) throws IOException {
        JsonNode shipped = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        List<String> missing = new ArrayList<>();
        collectMissing(Json.MAPPER.valueToTree(defaults), shipped, "", missing);
        assertTrue(missing.isEmpty(), file + " does not document " + missing);
    }

    private static void collectMissing(JsonNode expected, JsonNode actual, String path, List<String> missing) {
        expected.fieldNames().forEachRemaining(name -> {
            JsonNode a = actual == null ? null : actual.get(name);
            if (a == null) {
                missing.add(path + name);
            } else if (expected.get(name).isObject()) {
                collectMissing(expected.get(name), a, path + name + ".", missing);
            }
        });
    }

    @Test
    void shippedTrainConfigIsExactlyTheDefaults() {
        assertEquals(TrainingConfig.defaults(),
                ConfigLoader.load(CONFIGS.resolve("train.yaml"), TrainingConfig.class, TrainingConfig.defaults()));
    }

    @Test
    void shippedServeConfigIsExactlyTheDefaults() {
        assertEquals(RuntimeConfig.defaults(),
                ConfigLoader.load(CONFIGS.resolve("serve.yaml"), RuntimeConfig.class, RuntimeConfig.defaults()));
    }

    @Test
    void everyShippedConfigLoadsWithTheRealLoader() throws IOException {
        for (Path file : shippedConfigs()) {
            if (isServeConfig(file)) {
                ConfigLoader.load(file, RuntimeConfig.class, RuntimeConfig.defaults());
            } else {
                ConfigLoader.load(file, TrainingConfig.class, TrainingConfig.defaults());
            }
        }
    }

    @Test
    void everyFileSourceTheShippedConfigsNameExistsOrIsMadeByTheCommandTheyName() throws IOException {
        Set<Path> synthesised = Stream.of(Action.values())
                .map(a -> new SyntheticDatasetWriter(SyntheticDatasetWriter.Settings.defaults(Path.of("data/synthetic")))
                        .videoPath(a, 0))
                .collect(Collectors.toSet());
        int fileSources = 0;
        for (Path file : shippedConfigs()) {
            if (!isServeConfig(file)) {
                continue;
            }
            String text = Files.readString(file);
            for (RuntimeConfig.Stream stream : streamsIncludingCommentedExamples(file, text)) {
                SourceSpec spec = SourceSpec.parse(stream.source());
                if (spec.kind() != SourceSpec.Kind.FILE) {
                    continue;
                }
                fileSources++;
                Path source = Path.of(spec.location());
                if (Files.exists(CHECKOUT.resolve(source))) {
                    continue;
                }
                assertTrue(synthesised.contains(source), file + ": stream '" + stream.name() + "' names " + source
                        + ", which neither exists nor is written by " + SYNTH);
                assertTrue(text.contains(SYNTH), file + " names " + source + " but not the command that makes it: " + SYNTH);
            }
        }
        assertTrue(fileSources > 0, "the shipped configs show a file source");
    }

    private static List<Path> shippedConfigs() throws IOException {
        try (Stream<Path> files = Files.list(CONFIGS)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(yaml.size() > 1, "configs found in " + CONFIGS.toAbsolutePath());
            return yaml;
        }
    }

    private static boolean isServeConfig(Path file) {
        return file.getFileName().toString().startsWith("serve");
    }

    /** The streams a serve config lists, plus its commented-out examples, each read by the real loader. */
    private static List<RuntimeConfig.Stream> streamsIncludingCommentedExamples(Path file, String text) throws IOException {
        List<RuntimeConfig.Stream> streams =
                new ArrayList<>(ConfigLoader.load(file, RuntimeConfig.class, RuntimeConfig.defaults()).streams());
        StringBuilder examples = new StringBuilder("streams:\n");
        Matcher m = COMMENTED_STREAM.matcher(text);
        while (m.find()) {
            examples.append("  ").append(m.group(1)).append('\n');
        }
        Path uncommented = Files.createTempFile("serve-examples", ".yaml");
        try {
            Files.writeString(uncommented, examples);
            streams.addAll(ConfigLoader.load(uncommented, RuntimeConfig.class, RuntimeConfig.defaults()).streams());
        } finally {
            Files.delete(uncommented);
        }
        return streams;
    }
}
