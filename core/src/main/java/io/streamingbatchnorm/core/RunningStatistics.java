package io.streamingbatchnorm.core;

import java.util.Arrays;

/**
 * The running mean and variance of each feature of a key, with what {@code cumulative} needs to merge
 * exactly: the number of values folded in and their pooled centered sum of squares.
 *
 * <p>Immutable: {@link #fold} returns a new value. Accessors return copies.
 */
public final class RunningStatistics {
    private final double[] mean;
    private final double[] variance;
    private final long[] counts;
    private final double[] m2;

    private RunningStatistics(double[] mean, double[] variance, long[] counts, double[] m2) {
        this.mean = mean;
        this.variance = variance;
        this.counts = counts;
        this.m2 = m2;
    }

    /** Mean 0 and variance 1 for each of {@code dimension} features, nothing folded in. */
    public static RunningStatistics initial(int dimension) {
        double[] variance = new double[dimension];
        Arrays.fill(variance, 1.0);
        return new RunningStatistics(new double[dimension], variance, new long[dimension], new double[dimension]);
    }

    /** Rebuilds a value from its parts, as kept in state or a snapshot; the arrays are copied. */
    public static RunningStatistics of(double[] mean, double[] variance, long[] counts, double[] m2) {
        int d = mean.length;
        if (variance.length != d || counts.length != d || m2.length != d) {
            throw new IllegalArgumentException("running statistics arrays differ in length: mean " + d + ", variance "
                    + variance.length + ", counts " + counts.length + ", m2 " + m2.length);
        }
        return new RunningStatistics(mean.clone(), variance.clone(), counts.clone(), m2.clone());
    }

    public int dimension() {
        return mean.length;
    }

    public double mean(int j) {
        return mean[j];
    }

    public double variance(int j) {
        return variance[j];
    }

    public double[] meanVector() {
        return mean.clone();
    }

    public double[] varianceVector() {
        return variance.clone();
    }

    /** Values folded in per feature. */
    public long[] countVector() {
        return counts.clone();
    }

    /** Pooled centered sum of squares per feature; kept by {@code cumulative}, zero under {@code ema}. */
    public double[] m2Vector() {
        return m2.clone();
    }

    /** Whether every number of these statistics is finite: what a fold must keep true. */
    public boolean isFinite() {
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(variance[j]) || !Double.isFinite(m2[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds the features of {@code batch} that have at least {@code min-batch-size} present values into
     * these statistics (DESIGN 4.2); the other features keep their running values.
     */
    public RunningStatistics fold(BatchMoments batch, double momentum, NormalizerConfig config) {
        int d = mean.length;
        double[] newMean = mean.clone();
        double[] newVar = variance.clone();
        long[] newCounts = counts.clone();
        double[] newM2 = m2.clone();
        boolean unbiased = config.runningVariance() == RunningVariance.UNBIASED;
        for (int j = 0; j < d; j++) {
            int n = batch.count(j);
            if (n < config.minBatchSize()) {
                continue;
            }
            if (config.running() == Running.CUMULATIVE) {
                long total = counts[j] + n;
                double delta = batch.mean(j) - mean[j];
                double weight = (double) n / total;
                newMean[j] = counts[j] == 0 ? batch.mean(j) : mean[j] + delta * weight;
                newM2[j] = counts[j] == 0 ? batch.m2(j) : m2[j] + batch.m2(j) + delta * delta * counts[j] * weight;
                newVar[j] = newM2[j] / (unbiased ? total - 1 : total);
                newCounts[j] = total;
            } else {
                double v = unbiased ? batch.m2(j) / (n - 1) : batch.variance(j);
                if (counts[j] == 0 && config.init() == InitPolicy.FIRST_BATCH) {
                    newMean[j] = batch.mean(j);
                    newVar[j] = v;
                } else {
                    newMean[j] = momentum * mean[j] + (1.0 - momentum) * batch.mean(j);
                    newVar[j] = momentum * variance[j] + (1.0 - momentum) * v;
                }
                newCounts[j] = counts[j] + n;
            }
        }
        return new RunningStatistics(newMean, newVar, newCounts, newM2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunningStatistics other
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(variance, other.variance)
                && Arrays.equals(counts, other.counts)
                && Arrays.equals(m2, other.m2);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(variance);
    }

    @Override
    public String toString() {
        return "RunningStatistics{mean=" + Arrays.toString(mean) + ", variance=" + Arrays.toString(variance) + "}";
    }
}
