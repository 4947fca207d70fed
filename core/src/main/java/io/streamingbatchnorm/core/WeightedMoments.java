package io.streamingbatchnorm.core;

import java.util.Arrays;

/**
 * Per-feature weight sum, squared-weight sum, weighted mean and weighted centered sum of squares of a batch whose
 * rows carry weights, missing values (NaN) left out. The corrected two-pass algorithm of {@link BatchMoments}, with
 * weights: a provisional weighted mean, then the weighted deviations from it correct both the mean and the sum of
 * squares.
 */
final class WeightedMoments {
    final int[] counts;
    final double[] weightSum;
    final double[] squaredWeightSum;
    final double[] mean;
    final double[] m2;

    private WeightedMoments(int[] counts, double[] weightSum, double[] squaredWeightSum, double[] mean, double[] m2) {
        this.counts = counts;
        this.weightSum = weightSum;
        this.squaredWeightSum = squaredWeightSum;
        this.mean = mean;
        this.m2 = m2;
    }

    /** The moments of {@code rows}, row i weighing {@code weights[i]} (at most 1, so no sum can overflow). */
    static WeightedMoments of(double[][] rows, double[] weights, int dimension) {
        int[] counts = new int[dimension];
        double[] w = new double[dimension];
        double[] w2 = new double[dimension];
        double[] shift = new double[dimension];
        double[] sumDev = new double[dimension];
        double[] sumSq = new double[dimension];
        if (!sumsWithoutMissing(rows, weights, w, w2, shift, sumDev, sumSq)) {
            Arrays.fill(w, 0.0);
            Arrays.fill(w2, 0.0);
            Arrays.fill(shift, 0.0);
            sumsSkippingMissing(rows, weights, counts, w, w2, shift, sumDev, sumSq);
        } else {
            Arrays.fill(counts, rows.length);
        }
        double[] mean = new double[dimension];
        double[] m2 = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            double correction = w[j] == 0.0 ? 0.0 : sumDev[j] / w[j];
            mean[j] = shift[j] + correction;
            m2[j] = Math.max(0.0, sumSq[j] - sumDev[j] * correction);
        }
        return new WeightedMoments(counts, w, w2, mean, m2);
    }

    /**
     * Both passes for rows with no missing value, without a branch per value so that the JIT can vectorize them;
     * the sums are added in the same order as {@link #sumsSkippingMissing}, so the bits are the same. Returns
     * false, leaving partial sums, as soon as the first pass meets a missing value.
     */
    private static boolean sumsWithoutMissing(
            double[][] rows,
            double[] weights,
            double[] w,
            double[] w2,
            double[] shift,
            double[] sumDev,
            double[] sumSq) {
        int d = shift.length;
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            double wi = weights[i];
            for (int j = 0; j < d; j++) {
                w[j] += wi;
                w2[j] += wi * wi;
                shift[j] += wi * row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            if (Double.isNaN(shift[j])) {
                return false;
            }
            shift[j] = w[j] == 0.0 ? 0.0 : shift[j] / w[j];
        }
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            double wi = weights[i];
            for (int j = 0; j < d; j++) {
                double dev = row[j] - shift[j];
                sumDev[j] += wi * dev;
                sumSq[j] += wi * dev * dev;
            }
        }
        return true;
    }

    private static void sumsSkippingMissing(
            double[][] rows,
            double[] weights,
            int[] counts,
            double[] w,
            double[] w2,
            double[] shift,
            double[] sumDev,
            double[] sumSq) {
        int d = shift.length;
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            double wi = weights[i];
            for (int j = 0; j < d; j++) {
                double x = row[j];
                if (x == x) {
                    counts[j]++;
                    w[j] += wi;
                    w2[j] += wi * wi;
                    shift[j] += wi * x;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            shift[j] = w[j] == 0.0 ? 0.0 : shift[j] / w[j];
        }
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            double wi = weights[i];
            for (int j = 0; j < d; j++) {
                double x = row[j];
                if (x == x) {
                    double dev = x - shift[j];
                    sumDev[j] += wi * dev;
                    sumSq[j] += wi * dev * dev;
                }
            }
        }
    }
}
