/**
 * The offline command line: {@code TrainerCli} and its picocli subcommands ({@code synth}, {@code train},
 * {@code evaluate}, {@code predict}). Commands parse options and report; the work is done in the train and predict
 * packages.
 */
package dev.actionstream.trainer.cli;
