package dev.actionstream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampling contract: in the spec's JSON, in the training config, and what older specs mean. */
class WindowSamplingTest {

    @TempDir
    Path dir;

    private static ModelSpec spec() {
        return new ModelSpec("m", "1", Architecture.LRCN, java.util.List.of("a", "b"), 12, 32, 32, 3,
                ChannelOrder.BGR, Normalisation.unit(), "data", "2026-12-01T00:00:00Z");
    }

    @Test
    void samplingTravelsInTheSpecsJson() {
        ModelSpec spec = spec().withSampling(new WindowSampling(SamplingMode.EVEN, 0.2, 0.16, 0.24));
        ModelSpec read = ModelSpec.fromJson(spec.toJson());
        assertEquals(spec.sampling(), read.sampling());
        assertEquals(200_000, read.frameIntervalMicros());
        assertTrue(spec.toJson().endsWith("\"sampling\":{\"mode\":\"even\",\"intervalSeconds\":0.2,"
                + "\"minIntervalSeconds\":0.16,\"maxIntervalSeconds\":0.24}}"), spec.toJson());
    }

    @Test
    void aWindowSpansMoreOfAClipTheSlowerItIsSampled() {
        DatasetConfig eight = DatasetConfig.defaults().withGeometry(8, 64, 64);
        assertEquals(8, eight.framesSpanned(25), "even sampling spreads the window over what the clip holds");
        assertEquals(8, eight.withSampling(SamplingConfig.rate(25)).framesSpanned(25));
        assertEquals(15, eight.withSampling(SamplingConfig.rate(12.5)).framesSpanned(25), "frames 0, 2, ..., 14");
        assertEquals(22, eight.withSampling(SamplingConfig.rate(25 / 3.0)).framesSpanned(25), "frames 0, 3, ..., 21");
        assertEquals(8, eight.withSampling(SamplingConfig.rate(30)).framesSpanned(25), "never fewer than a window");
    }

    @Test
    void aSpecWithoutSamplingMeansConsecutiveFrames() {
        ModelSpec old = ModelSpec.fromJson(spec().toJson());
        assertNull(old.sampling());
        assertEquals(0, old.frameIntervalMicros());
        assertTrue(!spec().toJson().contains("sampling"), "an older spec stays as it was written");
    }

    @Test
    void aHandWrittenSamplingMayGiveTheIntervalAlone() {
        ModelSpec read = ModelSpec.fromJson(spec().toJson().replaceFirst("\\}$",
                ",\"sampling\":{\"mode\":\"rate\",\"intervalSeconds\":0.04}}"));
        assertEquals(WindowSampling.rate(25), read.sampling());
    }

    @Test
    void aNonPositiveIntervalIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromJson(
                spec().toJson().replaceFirst("\\}$", ",\"sampling\":{\"mode\":\"rate\",\"intervalSeconds\":0}}")));
        assertTrue(e.getMessage().contains("sampling.intervalSeconds"), e.getMessage());
    }

    @Test
    void rateSamplingIsChosenInTheTrainingConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("t.yaml"), "dataset:\n  sampling:\n    mode: rate\n    fps: 12.5\n");
        TrainingConfig config = ConfigLoader.load(file, TrainingConfig.class, TrainingConfig.defaults());
        assertEquals(SamplingConfig.rate(12.5), config.dataset().sampling());
        assertEquals(SamplingMode.EVEN, TrainingConfig.defaults().dataset().sampling().mode());
    }

    @Test
    void rateWithoutAFrameRateIsAnErrorNamingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("t.yaml"), "dataset:\n  sampling:\n    mode: rate\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, TrainingConfig.class, TrainingConfig.defaults()));
        assertTrue(e.getMessage().contains("sampling.fps"), e.getMessage());
    }

    @Test
    void aRateModelIsEvaluatedOnWindowsCutAtItsRate() {
        ModelSpec rate = spec().withSampling(WindowSampling.rate(25));
        assertEquals(SamplingConfig.rate(25), DatasetConfig.defaults().preparedAs(rate).sampling());
        assertEquals(SamplingConfig.even(), DatasetConfig.defaults().preparedAs(spec()).sampling());
    }
}
