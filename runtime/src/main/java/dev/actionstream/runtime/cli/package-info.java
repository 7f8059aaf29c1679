/**
 * The runtime's command line: {@link dev.actionstream.runtime.cli.RuntimeCli} with its subcommands ({@code serve}, {@code demo}).
 * Runs on the main thread until a shutdown signal; everything else runs on the pipeline's and server's threads.
 */
package dev.actionstream.runtime.cli;
