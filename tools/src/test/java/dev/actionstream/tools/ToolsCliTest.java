package dev.actionstream.tools;

import dev.actionstream.synth.cli.CliConventions;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's command line as the launcher runs it: help conventions, version output, short errors. */
class ToolsCliTest {

    @Test
    void everyCommandNamesActionstreamLabelsItsPlaceholdersAndStatesItsDefaults() {
        assertEquals(List.of(), CliConventions.violations(ToolsCli.commandLine()));
    }

    @Test
    void versionIsTheRuntimesWithOnnxRuntimeAndCuda() {
        for (String[] args : List.of(new String[] {"bench", "-V"}, new String[] {"soak", "--version"})) {
            StringWriter out = new StringWriter();
            int code = ToolsCli.commandLine().setOut(new PrintWriter(out, true)).execute(args);
            String text = out.toString();
            assertEquals(0, code, text);
            assertTrue(text.matches("(?s)actionstream \\d+\\.\\d+\\.\\d+\\S* \\(commit \\S+\\)\n.*"), text);
            assertTrue(text.contains("ONNX Runtime 1."), text);
            assertTrue(text.contains("CUDA libraries: "), text);
        }
    }

    @Test
    void aBadOptionPrintsTheErrorAndOneLinePointingAtHelp() {
        StringWriter err = new StringWriter();
        int code = ToolsCli.commandLine().setErr(new PrintWriter(err, true)).execute("bench", "--bogus");
        assertEquals(2, code);
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertTrue(err.toString().contains("Try './actionstream bench --help' for its options."), err.toString());
        assertFalse(err.toString().contains("Usage:"), err.toString());
    }
}
