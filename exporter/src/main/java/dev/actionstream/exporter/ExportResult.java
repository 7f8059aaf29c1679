package dev.actionstream.exporter;

import dev.actionstream.exporter.parity.ParityReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Files written by one export and the parity figures that allowed writing them. */
public record ExportResult(Path model, Optional<Path> encoder, Optional<Path> head, List<ParityReport> parity,
                           int testWindows, int randomWindows) {

    public ExportResult {
        parity = List.copyOf(parity);
    }
}
