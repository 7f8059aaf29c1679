package dev.actionstream.bench.legacy;

/**
 * Precomputed one-axis resampling weights from {@code sourceSize} to {@code targetSize} samples. Shrinking averages
 * each target sample's exact footprint (area resampling, no aliasing whatever the scale); enlarging interpolates
 * linearly between the two nearest pixel centres. Both are what OpenCV's INTER_AREA does in those cases.
 *
 * <p>Layout: target sample {@code i} reads source samples {@code first[i] .. first[i] + taps[i] - 1} with weights
 * {@code weights[i * maxTaps + k]}; weights of a sample sum to 1.
 */
final class ResampleTable {

    final int sourceSize;
    final int targetSize;
    final int maxTaps;
    final int[] first;
    final int[] taps;
    final float[] weights;

    ResampleTable(int sourceSize, int targetSize) {
        if (sourceSize <= 0 || targetSize <= 0) {
            throw new IllegalArgumentException("sizes must be > 0: " + sourceSize + " -> " + targetSize);
        }
        this.sourceSize = sourceSize;
        this.targetSize = targetSize;
        this.first = new int[targetSize];
        this.taps = new int[targetSize];
        if (targetSize <= sourceSize) {
            double scale = (double) sourceSize / targetSize;
            this.maxTaps = (int) Math.ceil(scale) + 1;
            this.weights = new float[targetSize * maxTaps];
            for (int i = 0; i < targetSize; i++) {
                double start = i * scale;
                double end = Math.min(sourceSize, (i + 1) * scale);
                int j0 = (int) Math.floor(start);
                int j1 = Math.min(sourceSize, (int) Math.ceil(end - 1e-9));
                first[i] = j0;
                taps[i] = j1 - j0;
                double sum = 0;
                for (int j = j0; j < j1; j++) {
                    double overlap = Math.min(end, j + 1) - Math.max(start, j);
                    weights[i * maxTaps + j - j0] = (float) Math.max(0, overlap);
                    sum += Math.max(0, overlap);
                }
                for (int k = 0; k < taps[i]; k++) {
                    weights[i * maxTaps + k] = (float) (weights[i * maxTaps + k] / sum);
                }
            }
        } else {
            this.maxTaps = 2;
            this.weights = new float[targetSize * 2];
            double scale = (double) sourceSize / targetSize;
            for (int i = 0; i < targetSize; i++) {
                double centre = (i + 0.5) * scale - 0.5;
                int j0 = (int) Math.floor(centre);
                double t = centre - j0;
                if (j0 < 0) {
                    j0 = 0;
                    t = 0;
                }
                if (j0 >= sourceSize - 1) {
                    j0 = sourceSize - 1;
                    t = 0;
                }
                first[i] = j0;
                taps[i] = t == 0 ? 1 : 2;
                weights[i * 2] = (float) (1 - t);
                weights[i * 2 + 1] = (float) t;
            }
        }
    }
}
