package dev.actionstream.trainer.dataset;

import java.nio.file.Path;

/** One video of a dataset folder and its class. */
public record VideoSample(Path file, String label, int labelIndex) {
}
