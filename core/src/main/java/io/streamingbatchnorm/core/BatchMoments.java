package io.streamingbatchnorm.core;

import java.util.Arrays;

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
        double[] shift = new double[dimension];
        double[] sumDev = new double[dimension];
        double[] sumSq = new double[dimension];
        int[] counts = new int[dimension];
        if (!sumsWithoutMissing(rows, shift, sumDev, sumSq)) {
            Arrays.fill(shift, 0.0);
            sumsSkippingMissing(rows, counts, shift, sumDev, sumSq);
        } else {
            Arrays.fill(counts, rows.length);
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

    /**
     * Both passes for a batch with no missing value, without a branch per value so that the JIT can
     * vectorize them; the sums are added in the same order as {@link #sumsSkippingMissing}, so the bits
     * are the same. Returns false, leaving partial sums, as soon as the first pass meets a missing value.
     */
    private static boolean sumsWithoutMissing(double[][] rows, double[] shift, double[] sumDev, double[] sumSq) {
        int d = shift.length;
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                shift[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            if (Double.isNaN(shift[j])) {
                return false;
            }
            shift[j] = rows.length == 0 ? 0.0 : shift[j] / rows.length;
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double dev = row[j] - shift[j];
                sumDev[j] += dev;
                sumSq[j] += dev * dev;
            }
        }
        return true;
    }

    private static void sumsSkippingMissing(
            double[][] rows, int[] counts, double[] shift, double[] sumDev, double[] sumSq) {
        int d = shift.length;
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double x = row[j];
                if (x == x) {
                    counts[j]++;
                    shift[j] += x;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            shift[j] = counts[j] == 0 ? 0.0 : shift[j] / counts[j];
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double x = row[j];
                if (x == x) {
                    double dev = x - shift[j];
                    sumDev[j] += dev;
                    sumSq[j] += dev * dev;
                }
            }
        }
    }

    /** Whether some feature had a missing value in this batch. */
    boolean anyMissing(int batchSize) {
        for (int n : counts) {
            if (n != batchSize) {
                return true;
            }
        }
        return false;
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

    /** The provisional mean of feature {@code j}: {@link #mean} is it plus {@link #correction}. */
    double shift(int j) {
        return shift[j];
    }

    /** The small correction the second pass found to the provisional mean of feature {@code j}. */
    double correction(int j) {
        return correction[j];
    }
}
