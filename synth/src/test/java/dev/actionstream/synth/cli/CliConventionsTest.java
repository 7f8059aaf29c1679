package dev.actionstream.synth.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The convention check itself finds each kind of lapse, so the CLI tests that expect none can fail. */
class CliConventionsTest {

    @Command(name = "sloppy", mixinStandardHelpOptions = true)
    static final class Sloppy implements Runnable {
        @Option(names = "--fault-every", defaultValue = "30s", description = "Period between faults.")
        String faultEvery;

        @Override
        public void run() {
        }
    }

    @Test
    void reportsFieldNamePlaceholdersUnstatedDefaultsMissingVersionAndForeignUsage() {
        List<String> found = CliConventions.violations(new CommandLine(new Sloppy()));
        assertEquals(List.of(
                "sloppy: usage does not start with 'Usage: actionstream <command>'",
                "sloppy: -V prints nothing",
                "sloppy --fault-every: placeholder <faultEvery> is a Java field name; give it a paramLabel",
                "sloppy --fault-every: default 30s not stated in its description"), found);
    }

    @Test
    void synthStandaloneKeepsTheConventions() {
        CommandLine synth = CliConventions.configure(new CommandLine(new SynthCommand())
                .setCommandName("actionstream synth"), new SynthVersion());
        assertEquals(List.of(), CliConventions.violations(synth));
    }
}
