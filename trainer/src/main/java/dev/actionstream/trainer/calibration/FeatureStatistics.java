package dev.actionstream.trainer.calibration;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Objects;

/**
 * Class means of penultimate features and one covariance shared by all classes (features centred on their own
 * class's mean), shrunk towards a scaled identity by the Ledoit-Wolf weight, kept as its whitening matrix
 * {@code W = L⁻¹} (Σ = L·Lᵀ, Cholesky) so that the squared Mahalanobis distance is {@code |W(f − μ)|²}.
 * The score of a window is the distance to the nearest class mean: a window like the training windows of some class
 * is near that class's mean, one unlike all of them is far from every mean.
 */
public final class FeatureStatistics {

    /** Added to the diagonal, relative to the mean variance, so a dead feature (variance 0) cannot make Σ singular. */
    static final double RIDGE = 1e-6;

    private final double[][] means;
    private final double[][] whitening;
    private final double shrinkage;
    private final int windows;

    public FeatureStatistics(double[][] means, double[][] whitening, double shrinkage, int windows) {
        this.means = Objects.requireNonNull(means, "means");
        this.whitening = Objects.requireNonNull(whitening, "whitening");
        if (means.length == 0 || whitening.length != means[0].length) {
            throw new IllegalArgumentException("means and whitening matrix disagree on the feature size");
        }
        this.shrinkage = shrinkage;
        this.windows = windows;
    }

    /** @param labels each window's class, in {@code [0, classes)}; every class needs at least one window */
    public static FeatureStatistics fit(double[][] features, int[] labels, int classes) {
        int n = features.length;
        if (n == 0 || labels.length != n) {
            throw new IllegalArgumentException("need one label per feature vector and at least one window");
        }
        int d = features[0].length;
        double[][] means = new double[classes][d];
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < d; j++) {
                means[labels[i]][j] += features[i][j];
            }
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no window to estimate its mean from");
            }
            for (int j = 0; j < d; j++) {
                means[c][j] /= counts[c];
            }
        }
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i][j] = features[i][j] - means[labels[i]][j];
            }
        }
        INDArray x = Nd4j.create(centred).castTo(DataType.DOUBLE);
        double[][] s = x.transpose().mmul(x).divi(n).toDoubleMatrix();
        double shrinkage = ledoitWolf(centred, s);
        double mu = 0;
        for (int j = 0; j < d; j++) {
            mu += s[j][j];
        }
        mu /= d;
        double[][] shrunk = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                shrunk[i][j] = (1 - shrinkage) * s[i][j];
            }
            shrunk[i][i] += shrinkage * mu + RIDGE * Math.max(mu, 1e-12);
        }
        return new FeatureStatistics(means, inverseLower(cholesky(shrunk)), shrinkage, n);
    }

    /**
     * Ledoit and Wolf's (2004) optimal weight of {@code mu·I} for the centred sample {@code x} and its covariance
     * {@code s}, as scikit-learn computes it; in [0, 1].
     */
    static double ledoitWolf(double[][] x, double[][] s) {
        int n = x.length;
        int p = s.length;
        double trace = 0;
        for (int j = 0; j < p; j++) {
            trace += s[j][j];
        }
        double mu = trace / p;
        // sum((X²)ᵀX²) is the sum over windows of their squared norms' products, i.e. Σ_k (Σ_i x_ki²)².
        double beta0 = 0;
        for (double[] row : x) {
            double r = 0;
            for (double v : row) {
                r += v * v;
            }
            beta0 += r * r;
        }
        double frobenius = 0;
        for (double[] row : s) {
            for (double v : row) {
                frobenius += v * v;
            }
        }
        double beta = (beta0 / n - frobenius) / ((double) p * n);
        double delta = (frobenius - 2 * mu * trace + p * mu * mu) / p;
        beta = Math.min(beta, delta);
        return beta <= 0 || delta <= 0 ? 0 : beta / delta;
    }

    static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new IllegalArgumentException("covariance is not positive definite at feature " + i);
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** The inverse of a lower-triangular matrix, itself lower-triangular (forward substitution, column by column). */
    static double[][] inverseLower(double[][] l) {
        int d = l.length;
        double[][] inv = new double[d][d];
        for (int c = 0; c < d; c++) {
            inv[c][c] = 1 / l[c][c];
            for (int i = c + 1; i < d; i++) {
                double sum = 0;
                for (int k = c; k < i; k++) {
                    sum += l[i][k] * inv[k][c];
                }
                inv[i][c] = -sum / l[i][i];
            }
        }
        return inv;
    }

    /** Mahalanobis distance (not squared) of {@code f} to the nearest class mean. */
    public double distance(double[] f) {
        int d = f.length;
        double best = Double.POSITIVE_INFINITY;
        double[] diff = new double[d];
        for (double[] mean : means) {
            for (int j = 0; j < d; j++) {
                diff[j] = f[j] - mean[j];
            }
            double sq = 0;
            for (int i = 0; i < d; i++) {
                double z = 0;
                double[] row = whitening[i];
                for (int j = 0; j <= i; j++) {
                    z += row[j] * diff[j];
                }
                sq += z * z;
            }
            best = Math.min(best, sq);
        }
        return Math.sqrt(best);
    }

    public double[] distances(double[][] features) {
        double[] out = new double[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = distance(features[i]);
        }
        return out;
    }

    /** {@code [classes][D]}; not a copy. */
    public double[][] means() {
        return means;
    }

    /** {@code W = L⁻¹}, {@code [D][D]} lower-triangular; not a copy. */
    public double[][] whitening() {
        return whitening;
    }

    public double shrinkage() {
        return shrinkage;
    }

    public int windows() {
        return windows;
    }

    public int dimension() {
        return whitening.length;
    }
}
