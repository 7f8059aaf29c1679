package dev.actionstream.exporter;

import dev.actionstream.synth.cli.CliConventions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export} runs from its own main, yet reads like the other commands. */
class ExportCliTest {

    @Test
    void usageNamesActionstreamExportAndKeepsTheHelpConventions() {
        CommandLine cli = ExportCommand.commandLine();
        assertTrue(cli.getUsageMessage(CommandLine.Help.Ansi.OFF).startsWith("Usage: actionstream export "));
        assertEquals(List.of(), CliConventions.violations(cli));
    }

    @Test
    void versionNamesTheBuildDeeplearning4jAndOnnxRuntime() {
        StringWriter out = new StringWriter();
        assertEquals(0, ExportCommand.commandLine().setOut(new PrintWriter(out, true)).execute("--version"));
        assertTrue(out.toString().startsWith("actionstream "), out.toString());
        assertTrue(out.toString().contains("Deeplearning4j ") && out.toString().contains("ONNX Runtime 1."),
                out.toString());
    }
}
