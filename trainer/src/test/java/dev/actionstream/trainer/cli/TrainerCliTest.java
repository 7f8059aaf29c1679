package dev.actionstream.trainer.cli;

import dev.actionstream.synth.cli.CliConventions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline commands' command line as the launcher runs it: help conventions, version output, short errors. */
class TrainerCliTest {

    @Test
    void everyCommandNamesActionstreamLabelsItsPlaceholdersAndStatesItsDefaults() {
        assertEquals(List.of(), CliConventions.violations(TrainerCli.commandLine()));
    }

    @Test
    void trainHelpStatesLrcnAsTheDefaultArchitecture() {
        String help = TrainerCli.commandLine().getSubcommands().get("train").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(help.contains("else lrcn"), help);
    }

    @Test
    void versionNamesTheBuildAndDeeplearning4j() {
        StringWriter out = new StringWriter();
        int code = TrainerCli.commandLine().setOut(new PrintWriter(out, true)).execute("train", "-V");
        assertEquals(0, code);
        assertTrue(out.toString().startsWith("actionstream "), out.toString());
        assertTrue(out.toString().contains("Deeplearning4j 1.0.0-M2.1"), out.toString());
    }

    @Test
    void aMissingRequiredOptionPrintsTheErrorAndOneLinePointingAtHelp() {
        StringWriter err = new StringWriter();
        int code = TrainerCli.commandLine().setErr(new PrintWriter(err, true)).execute("evaluate", "--data", "x");
        assertEquals(2, code);
        assertTrue(err.toString().contains("Missing required option: '--model=RUN'"), err.toString());
        assertTrue(err.toString().contains("Try './actionstream evaluate --help' for its options."), err.toString());
        assertFalse(err.toString().contains("Usage:"), err.toString());
    }
}
