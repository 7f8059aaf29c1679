package dev.actionstream.runtime.cli;

import dev.actionstream.synth.cli.CliConventions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's command line as the launcher runs it: help conventions, version output, short errors. */
class RuntimeCliTest {

    @Test
    void everyCommandNamesActionstreamLabelsItsPlaceholdersAndStatesItsDefaults() {
        assertEquals(List.of(), CliConventions.violations(RuntimeCli.commandLine()));
    }

    @Test
    void versionNamesTheBuildOnnxRuntimeCudaJavaAndOs() {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"serve", "-V"})) {
            StringWriter out = new StringWriter();
            int code = RuntimeCli.commandLine().setOut(new PrintWriter(out, true)).execute(args);
            String text = out.toString();
            assertEquals(0, code, text);
            assertTrue(text.matches("(?s)actionstream \\d+\\.\\d+\\.\\d+\\S* \\(commit \\S+\\)\n.*"), text);
            assertTrue(text.contains("ONNX Runtime 1."), text);
            assertTrue(text.contains("CUDA libraries: "), text);
            assertTrue(text.contains("Java " + System.getProperty("java.runtime.version")), text);
            assertTrue(text.contains(System.getProperty("os.name") + " "), text);
        }
    }

    @Test
    void aBadOptionPrintsTheErrorAndOneLinePointingAtHelp() {
        StringWriter err = new StringWriter();
        int code = RuntimeCli.commandLine().setErr(new PrintWriter(err, true)).execute("serve", "--bogus");
        assertEquals(2, code);
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertTrue(err.toString().contains("Try './actionstream serve --help' for its options."), err.toString());
        assertFalse(err.toString().contains("Usage:"), err.toString());
    }
}
