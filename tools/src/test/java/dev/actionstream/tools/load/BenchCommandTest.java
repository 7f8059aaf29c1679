package dev.actionstream.tools.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} end to end: the real pipeline on replayed synthetic streams, results printed and written as JSON. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void measuresTwoSyntheticStreamsThroughTheRealPipeline() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path json = dir.resolve("out/bench.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--model", model.toString(), "--streams", "2", "--width", "64", "--height", "48",
                        "--fps", "30", "--loop-frames", "8", "--warmup", "1s", "--duration", "2s",
                        "--execution-provider", "cpu", "--json", json.toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("pre-rendered loop of 8 frames"), out.toString());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals("synthetic:64x48@30", report.get("source").asText());
        JsonNode trial = report.get("trials").get(0);
        assertEquals(2, trial.get("streams").asInt());
        assertTrue(trial.get("framesPerSecond").asDouble() > 0, trial.toString());
        assertTrue(trial.get("windows").asLong() > 0, trial.toString());
        assertTrue(trial.get("windowsPerSecond").asDouble() > 0, trial.toString());
        double p50 = trial.get("p50Ms").asDouble();
        double p95 = trial.get("p95Ms").asDouble();
        double p99 = trial.get("p99Ms").asDouble();
        double max = trial.get("maxMs").asDouble();
        assertTrue(p50 > 0 && p50 <= p95 && p95 <= p99 && p99 <= max, trial.toString());
        assertTrue(trial.get("inferenceRuns").asLong() > 0, trial.toString());
        assertTrue(trial.get("heapUsedMb").asDouble() > 0, trial.toString());
        assertEquals(0, trial.get("consumerErrors").asLong(), trial.toString());
        // The printed row carries the same numbers as the JSON.
        String row = BenchCommand.row(new ObjectMapper().treeToValue(trial, TrialResult.class));
        assertTrue(out.toString().contains(row), out + "\nmissing row: " + row);
    }

    @Test
    void playsAVideoFileInALoopAndJudgesItAgainstTheFilesFrameRate() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path video = TestVideos.solidColours(dir.resolve("colours.avi"), 64, 48, 10,
                List.of(new byte[] {(byte) 255, 0, 0}, new byte[] {0, (byte) 255, 0}));
        Path json = dir.resolve("file.json");
        StringWriter out = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out, true))
                .execute("--model", model.toString(), "--source", video.toString(), "--streams", "1",
                        "--warmup", "500ms", "--duration", "2s", "--execution-provider", "cpu",
                        "--json", json.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("at its own frame rate (25 fps)"), out.toString());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(25.0, report.get("fps").asDouble());
        assertEquals(24.5, report.get("criteria").get("minStreamFps").asDouble());
        JsonNode trial = report.get("trials").get(0);
        assertTrue(trial.get("framesPerSecond").asDouble() > 0 && trial.get("windows").asLong() > 0, trial.toString());
    }

    @Test
    void decodesRealH264StreamsAndGivesTheDecodeOnlyCeilingAndTheCostPerStage() throws Exception {
        Tools.require(Tool.FFMPEG);
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path json = dir.resolve("h264.json");
        Path cache = dir.resolve("h264");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--model", model.toString(), "--source", "h264", "--h264-dir", cache.toString(),
                        "--width", "128", "--height", "96", "--h264-frames", "30", "--streams", "2",
                        "--warmup", "500ms", "--duration", "2s", "--decode-ceiling", "--ceiling-duration", "1s",
                        "--execution-provider", "cpu", "--json", json.toString());
        assertEquals(0, code, out + "\n" + err);
        Path encoded = cache.resolve(SyntheticH264.fileName(128, 96, 30, 30, 1500));
        assertTrue(Files.size(encoded) > 0, "the encoded loop is kept for the next run");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(encoded.toString(), report.get("source").asText());
        JsonNode ceilings = report.get("decodeOnly");
        assertEquals(2, ceilings.size(), "decoded alone before and after the trials");
        for (JsonNode c : ceilings) {
            assertTrue(c.get("framesPerSecond").asDouble() > 30, c.toString());
            assertTrue(c.get("cpuMsPerFrame").asDouble() > 0, c.toString());
        }
        JsonNode stages = report.get("trials").get(0).get("stages");
        // Decoding and preparing happen on the grabber threads, scoring on the scoring thread: none is free.
        assertTrue(stages.get("decodeMs").asDouble() > 0, stages.toString());
        assertTrue(stages.get("prepareMs").asDouble() > 0, stages.toString());
        assertTrue(stages.get("scoreMs").asDouble() > 0, stages.toString());
        assertTrue(out.toString().contains("decode-only ceiling (mean of before and after)"), out.toString());
    }

    @Test
    void decodesStreamsFromARealRtspServerAndSkipsFramesNoWindowTakes() throws Exception {
        Tools.require(Tool.FFMPEG);
        Tools.require(Tool.RTSP_SERVER, BenchRtspServer.unavailableReason());
        // 0.08 s between a window's frames by the RTSP timestamps: every 2nd frame of 25 fps is never prepared.
        Path model = TestModels.colourSampled(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8,
                WindowSampling.rate(12.5));
        Path json = dir.resolve("rtsp.json");
        Path cache = dir.resolve("h264");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--model", model.toString(), "--source", "h264", "--rtsp", "--h264-dir", cache.toString(),
                        "--width", "128", "--height", "96", "--fps", "25", "--h264-frames", "50", "--streams", "2",
                        "--warmup", "2s", "--duration", "3s", "--execution-provider", "cpu", "--json",
                        json.toString());
        assertEquals(0, code, out + "\n" + err);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertTrue(report.get("source").asText().startsWith("rtsp://127.0.0.1:"), report.get("source").asText());
        JsonNode trial = report.get("trials").get(0);
        assertTrue(trial.get("framesPerSecond").asDouble() > 25, "two streams of 25 fps: " + trial);
        assertTrue(trial.get("windows").asLong() > 0, trial.toString());
        assertEquals(50.0, trial.get("skipPercent").asDouble(), 3.0, trial.toString());
        assertTrue(out.toString().contains("RTSP server process:"), out.toString());
    }

    @Test
    void refusesASourceThatIsNeitherSyntheticNorAFile() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err, true))
                .execute("--model", model.toString(), "--source", dir.resolve("missing.mp4").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("--source must be 'synthetic' or an existing video file"), err.toString());
    }

    @Test
    void refusesAFileThatIsNotAVideo() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path garbage = TestModels.garbage(dir.resolve("clip.avi"), 7);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err, true))
                .execute("--model", model.toString(), "--source", garbage.toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("is not a readable video"), err.toString());
    }

    @Test
    void refusesToSearchUnpaced() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err, true))
                .execute("--search", "--unpaced");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--search needs paced streams"), err.toString());
    }

    @Test
    void parsesHumanDurations() {
        BenchCommand.DurationConverter c = new BenchCommand.DurationConverter();
        assertEquals(500, c.convert("500ms").toMillis());
        assertEquals(20_000, c.convert("20s").toMillis());
        assertEquals(90_000, c.convert("1.5m").toMillis());
        assertEquals(7_000, c.convert("PT7S").toMillis());
        CommandLine.TypeConversionException e = org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.TypeConversionException.class, () -> c.convert("soon"));
        assertTrue(e.getMessage().contains("not a duration"), e.getMessage());
    }
}
