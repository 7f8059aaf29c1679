package dev.actionstream.trainer.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code train --progress-json}: one line per event on the given writer, {@value #PREFIX} then a JSON object, so a
 * parent process can pick them out of the ordinary log. Fields: {@code phase}; while training {@code epoch},
 * {@code epochs}, {@code batch}, {@code batches}, {@code loss}, {@code accuracy}, {@code etaSeconds}; after an epoch
 * also {@code valLoss}, {@code valAccuracy}. Batch lines are written at most every {@link #minIntervalNanos}, the
 * last batch of an epoch always. The ETA assumes the remaining batches take as long as those so far.
 */
public final class JsonLinesProgress implements TrainingProgress {

    public static final String PREFIX = "@progress ";

    private final PrintWriter out;
    private final long minIntervalNanos;
    private long trainingStarted;
    private long batchesDone;
    private long lastBatchLine;

    public JsonLinesProgress(PrintWriter out, long minIntervalMillis) {
        this.out = Objects.requireNonNull(out, "out");
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    }

    @Override
    public synchronized void phase(String phase) {
        if ("training".equals(phase)) {
            trainingStarted = System.nanoTime();
        }
        line("{\"phase\":\"" + phase + "\"}");
    }

    @Override
    public synchronized void batch(int epoch, int epochs, int batch, int batches, double loss, double accuracy) {
        batchesDone++;
        long now = System.nanoTime();
        if (batch < batches && now - lastBatchLine < minIntervalNanos) {
            return;
        }
        lastBatchLine = now;
        long total = (long) epochs * batches;
        double perBatch = (now - trainingStarted) / 1e9 / Math.max(1, batchesDone);
        double eta = perBatch * Math.max(0, total - ((long) (epoch - 1) * batches + batch));
        line(String.format(Locale.ROOT, "{\"phase\":\"training\",\"epoch\":%d,\"epochs\":%d,\"batch\":%d,"
                        + "\"batches\":%d,\"loss\":%s,\"accuracy\":%s,\"etaSeconds\":%.1f}", epoch, epochs, batch,
                batches, number(loss), number(accuracy), eta));
    }

    @Override
    public synchronized void epoch(EpochMetrics m, int epochs) {
        line(String.format(Locale.ROOT, "{\"phase\":\"epoch\",\"epoch\":%d,\"epochs\":%d,\"loss\":%s,"
                        + "\"accuracy\":%s,\"valLoss\":%s,\"valAccuracy\":%s,\"seconds\":%.2f}", m.epoch(), epochs,
                number(m.loss()), number(m.accuracy()), number(m.valLoss()), number(m.valAccuracy()), m.seconds()));
    }

    /** JSON has no NaN: an absent validation figure is null. */
    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5f", v) : "null";
    }

    private void line(String json) {
        out.print(PREFIX);
        out.println(json);
        out.flush();
    }
}
