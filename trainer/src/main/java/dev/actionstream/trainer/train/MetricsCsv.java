package dev.actionstream.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code metrics.csv}: a header and one row per epoch, written in full after every epoch so a crash loses nothing. */
public final class MetricsCsv {

    public static final String HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds";

    private MetricsCsv() {
    }

    public static void write(Path file, List<EpochMetrics> rows) throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : rows) {
            out.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.3f%n", m.epoch(), m.loss(),
                    m.accuracy(), m.valLoss(), m.valAccuracy(), m.learningRate(), m.seconds()));
        }
        Files.writeString(file, out);
    }

    public static List<EpochMetrics> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": not a metrics file (expected header '" + HEADER + "')");
        }
        List<EpochMetrics> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 7) {
                throw new IOException(file + ":" + (i + 1) + ": expected 7 columns, got " + f.length);
            }
            rows.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6])));
        }
        return rows;
    }
}
