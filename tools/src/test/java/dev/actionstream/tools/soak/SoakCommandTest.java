package dev.actionstream.tools.soak;

import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.tools.ToolsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few seconds of {@code soak}: every kind of fault is injected and the checks pass. */
class SoakCommandTest {

    @TempDir
    Path dir;

    @Test
    void aShortSoakInjectsEveryFaultSamplesAndPasses() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path csv = dir.resolve("soak.csv");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ToolsCli());
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("soak", "--model", model.toString(), "--duration", "8s", "--sample-every", "2s",
                "--fault-every", "1s", "--rtsp-down", "1s", "--streams", "2", "--synthetic", "synthetic:64x48@25",
                "--stride", "1", "--warmup", "2s", "--max-rss-drift-pct", "50", "--csv", csv.toString());
        String report = out.toString();
        assertEquals(0, code, report);
        assertTrue(report.contains("PASS"), report);
        assertTrue(report.contains("garbage models 2 (rejections 2)") || report.contains("garbage models 1 (rejections 1)"),
                report);
        assertTrue(report.matches("(?s).*good models [12] \\(swaps [12]\\).*"), report);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(SoakSample.CSV_HEADER, rows.get(0));
        assertTrue(rows.size() >= 4, "a row per sample: " + rows);
        assertTrue(rows.stream().anyMatch(r -> r.contains("slow-client")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.contains("slow-body")), rows.toString());
        assertTrue(report.contains("check the authenticated client never got a 503"), report);
        assertTrue(rows.stream().skip(1).allMatch(r -> Double.parseDouble(r.split(",")[1]) > 0), "heap sampled");
        assertTrue(rows.stream().skip(1).allMatch(r -> Double.parseDouble(r.split(",")[2]) > 0), "resident memory sampled");
        assertTrue(report.contains("check resident memory within 50.0 % after warm-up"), report);
    }

    @Test
    void aGreedyModelDroppedInIsRejectedNamingItsLimitWithoutResidentMemoryGrowing() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ToolsCli());
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("soak", "--model", model.toString(), "--duration", "6s", "--sample-every", "2s",
                "--fault-every", "1s", "--no-rtsp", "--streams", "1", "--synthetic", "synthetic:64x48@25",
                "--stride", "1", "--warmup", "0s", "--max-rss-drift-pct", "50", "--csv", dir.resolve("soak.csv").toString());
        String report = out.toString();
        assertEquals(0, code, report);
        assertTrue(report.matches("(?s).*greedy models: ([1-9]) dropped, \\1 rejected naming models.maxFrameSide.*"),
                report);
        assertTrue(report.matches("(?s).*check every greedy model rejected naming its limit\\s+ok.*"), report);
        assertTrue(report.matches("(?s).*check resident memory within 256 MB across a greedy model\\s+ok.*"), report);
    }

    @Test
    void readsDurationsTheWayPeopleWriteThem() {
        SoakCommand.DurationConverter c = new SoakCommand.DurationConverter();
        assertEquals(Duration.ofMinutes(10), c.convert("10m"));
        assertEquals(Duration.ofSeconds(90), c.convert("90s"));
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofMinutes(2), c.convert("PT2M"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(CommandLine.TypeConversionException.class,
                () -> c.convert("ten minutes")).getMessage().contains("10m"));
    }
}
