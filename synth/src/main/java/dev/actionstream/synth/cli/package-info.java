/**
 * The {@code synth} command line: {@link dev.actionstream.synth.cli.SynthCommand}, a picocli command the launcher
 * registers as a subcommand (it also runs on its own through its {@code main}).
 */
package dev.actionstream.synth.cli;
