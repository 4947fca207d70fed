package io.streamingbatchnorm.core;

/**
 * The folds of {@code ema}, {@code cumulative} and {@code average} (DESIGN 4.2), feature by feature: a feature
 * with fewer than {@code min-batch-size} present values in the batch keeps its running values.
 *
 * <p>Without a prior these give the bits they always gave: the weight sum of {@code ema} and {@code cumulative} is
 * then the count as a double, exact below 2^53, so the same operations run on the same operands.
 */
final class Folds {
    private Folds() {}

    /** The batch variance that enters the running variance: biased, or with the n/(n-1) correction. */
    private static double batchVariance(BatchMoments batch, int j, boolean unbiased) {
        return unbiased ? batch.m2(j) / (batch.count(j) - 1) : batch.variance(j);
    }

    static RunningStatistics ema(RunningStatistics s, BatchMoments batch, double momentum, NormalizerConfig config) {
        Parts p = new Parts(s);
        boolean unbiased = config.runningVariance() == RunningVariance.UNBIASED;
        for (int j = 0; j < p.mean.length; j++) {
            int n = batch.count(j);
            if (n < config.minBatchSize()) {
                continue;
            }
            double v = batchVariance(batch, j, unbiased);
            // Weight 0 means neither a folded value nor a prior with weight: what first-batch replaces.
            if (p.weightSum[j] == 0.0 && config.init() == InitPolicy.FIRST_BATCH) {
                p.mean[j] = batch.mean(j);
                p.variance[j] = v;
            } else {
                p.mean[j] = momentum * p.mean[j] + (1.0 - momentum) * batch.mean(j);
                p.variance[j] = momentum * p.variance[j] + (1.0 - momentum) * v;
            }
            p.add(j, n, n, n);
        }
        return p.build(s.landmark());
    }

    /**
     * Chan's parallel merge of the pooled statistics (weight W, which is the count plus a prior's weight) with the
     * batch's n values; {@code unbiased} divides by {@code V1 - V2/V1}, which is N - 1 without a prior.
     */
    static RunningStatistics cumulative(RunningStatistics s, BatchMoments batch, NormalizerConfig config) {
        Parts p = new Parts(s);
        boolean unbiased = config.runningVariance() == RunningVariance.UNBIASED;
        for (int j = 0; j < p.mean.length; j++) {
            int n = batch.count(j);
            if (n < config.minBatchSize()) {
                continue;
            }
            double w = p.weightSum[j];
            double total = w + n;
            double delta = batch.mean(j) - p.mean[j];
            double share = n / total;
            p.mean[j] = w == 0.0 ? batch.mean(j) : p.mean[j] + delta * share;
            p.m2[j] = w == 0.0 ? batch.m2(j) : p.m2[j] + batch.m2(j) + delta * delta * w * share;
            p.add(j, n, n, n);
            p.variance[j] = p.m2[j] / (unbiased ? total - p.squaredWeightSum[j] / total : total);
        }
        return p.build(s.landmark());
    }

    /**
     * The running mean and variance are the plain averages of the batches' (a prior counting as k batches), kept
     * as PyTorch keeps its cumulative moving average: {@code f = 1 / batches; running = (1 - f) * running + f *
     * batch}, so the first batch (f = 1) replaces the initial values.
     */
    static RunningStatistics average(RunningStatistics s, BatchMoments batch, NormalizerConfig config) {
        Parts p = new Parts(s);
        boolean unbiased = config.runningVariance() == RunningVariance.UNBIASED;
        for (int j = 0; j < p.mean.length; j++) {
            int n = batch.count(j);
            if (n < config.minBatchSize()) {
                continue;
            }
            double f = 1.0 / (p.weightSum[j] + 1.0);
            p.mean[j] = (1.0 - f) * p.mean[j] + f * batch.mean(j);
            p.variance[j] = (1.0 - f) * p.variance[j] + f * batchVariance(batch, j, unbiased);
            p.add(j, n, 1.0, 1.0);
        }
        return p.build(s.landmark());
    }

    /** Working copies of the parts of a {@link RunningStatistics}, for a fold to change. */
    static final class Parts {
        final double[] mean;
        final double[] variance;
        final long[] counts;
        final double[] m2;
        final double[] weightSum;
        final double[] squaredWeightSum;

        Parts(RunningStatistics s) {
            mean = s.meanArray().clone();
            variance = s.varianceArray().clone();
            counts = s.countArray().clone();
            m2 = s.m2Array().clone();
            weightSum = s.weightSumArray().clone();
            squaredWeightSum = s.squaredWeightSumArray().clone();
        }

        void add(int j, int values, double weight, double squaredWeight) {
            counts[j] += values;
            weightSum[j] += weight;
            squaredWeightSum[j] += squaredWeight;
        }

        RunningStatistics build(long landmark) {
            return new RunningStatistics(mean, variance, counts, m2, weightSum, squaredWeightSum, landmark);
        }
    }
}
