package io.streamingbatchnorm.core;

/**
 * Per-feature count, mean and centered sum of squares of one micro-batch, missing values (NaN) left out.
 *
 * <p>Computed with the corrected two-pass algorithm: a first pass finds a provisional mean (the shift),
 * a second pass sums the deviations from it and their squares, and the sum of deviations corrects both
 * the mean and the sum of squares. This stays exact to a few ulps for data such as 1e9 +- 1e-3, where
 * {@code E[x^2] - E[x]^2} loses every digit.
 */
public final class BatchMoments {
    private final int[] counts;
    private final double[] shift;
    private final double[] correction;
    private final double[] m2;

    private BatchMoments(int[] counts, double[] shift, double[] correction, double[] m2) {
        this.counts = counts;
        this.shift = shift;
        this.correction = correction;
        this.m2 = m2;
    }

    /** The moments of {@code rows}, each a vector of {@code dimension} values where NaN means missing. */
    public static BatchMoments of(double[][] rows, int dimension) {
        int[] counts = new int[dimension];
        double[] shift = new double[dimension];
        for (double[] row : rows) {
            for (int j = 0; j < dimension; j++) {
                double x = row[j];
                if (x == x) {
                    counts[j]++;
                    shift[j] += x;
                }
            }
        }
        for (int j = 0; j < dimension; j++) {
            shift[j] = counts[j] == 0 ? 0.0 : shift[j] / counts[j];
        }
        double[] sumDev = new double[dimension];
        double[] sumSq = new double[dimension];
        for (double[] row : rows) {
            for (int j = 0; j < dimension; j++) {
                double x = row[j];
                if (x == x) {
                    double d = x - shift[j];
                    sumDev[j] += d;
                    sumSq[j] += d * d;
                }
            }
        }
        double[] correction = new double[dimension];
        double[] m2 = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            int n = counts[j];
            if (n > 0) {
                correction[j] = sumDev[j] / n;
                m2[j] = Math.max(0.0, sumSq[j] - sumDev[j] * correction[j]);
            }
        }
        return new BatchMoments(counts, shift, correction, m2);
    }

    public int dimension() {
        return counts.length;
    }

    /** Present (non-missing) values of feature {@code j}. */
    public int count(int j) {
        return counts[j];
    }

    public double mean(int j) {
        return shift[j] + correction[j];
    }

    /** Sum of squared deviations from the mean. */
    public double m2(int j) {
        return m2[j];
    }

    /** Biased variance {@code m2 / n}, the one used to normalize the batch; 0 for an empty feature. */
    public double variance(int j) {
        return counts[j] == 0 ? 0.0 : m2[j] / counts[j];
    }

    /** {@code x - mean(j)}, computed as two subtractions so that a mean near 1e9 loses no digits. */
    public double deviation(int j, double x) {
        return (x - shift[j]) - correction[j];
    }
}
