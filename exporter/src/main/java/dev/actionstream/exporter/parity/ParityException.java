package dev.actionstream.exporter.parity;

/** The exported model does not compute what the DL4J network computes; nothing was written. */
public final class ParityException extends RuntimeException {

    private final transient ParityReport report;

    public ParityException(ParityReport report, double tolerance) {
        super("parity check failed (tolerance " + tolerance + "): " + report);
        this.report = report;
    }

    public ParityReport report() {
        return report;
    }
}
