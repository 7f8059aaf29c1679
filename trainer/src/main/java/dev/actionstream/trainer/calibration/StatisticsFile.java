package dev.actionstream.trainer.calibration;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's {@link FeatureStatistics} on disk, so that export can put them into the graph without the training data:
 * <pre>
 *   "ASFS" int version(1)  int classes K  int features D  double shrinkage  int windows
 *   K·D doubles            class means, row-major
 *   D(D+1)/2 doubles       whitening matrix W = L⁻¹, lower triangle row by row
 * </pre>
 * Big-endian (DataOutputStream). Binary because a ConvLSTM's D is several hundred: D² numbers as text would dwarf
 * the rest of the run folder.
 */
public final class StatisticsFile {

    public static final String NAME = "ood-statistics.bin";
    private static final int MAGIC = 0x41534653;
    private static final int VERSION = 1;

    private StatisticsFile() {
    }

    public static void write(Path file, FeatureStatistics s) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(s.means().length);
            out.writeInt(s.dimension());
            out.writeDouble(s.shrinkage());
            out.writeInt(s.windows());
            for (double[] mean : s.means()) {
                for (double v : mean) {
                    out.writeDouble(v);
                }
            }
            for (int i = 0; i < s.dimension(); i++) {
                for (int j = 0; j <= i; j++) {
                    out.writeDouble(s.whitening()[i][j]);
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static FeatureStatistics read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not an actionstream feature statistics file (version " + VERSION + ")");
            }
            int k = in.readInt();
            int d = in.readInt();
            double shrinkage = in.readDouble();
            int windows = in.readInt();
            double[][] means = new double[k][d];
            for (double[] mean : means) {
                for (int j = 0; j < d; j++) {
                    mean[j] = in.readDouble();
                }
            }
            double[][] w = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    w[i][j] = in.readDouble();
                }
            }
            return new FeatureStatistics(means, w, shrinkage, windows);
        }
    }
}
