package io.streamingbatchnorm.core;

/**
 * The fold of {@code --running decay}: the pooled mean and variance of every value folded in, a value with event
 * time t weighing {@code 2^(t/H)} for the half-life H.
 *
 * <p>Forward decay (Cormode, Shkapenyuk, Srivastava and Xu, "Forward Decay: A Practical Time Decay Model for
 * Streaming Systems", ICDE 2009): weights are kept relative to a landmark L, {@code w = 2^((t - L)/H)}, so the
 * ratios that define the mean and variance never change as time passes. The landmark is the latest event time
 * folded in; when a later value arrives the landmark moves to it and the sums are rescaled by {@code 2^((L_old -
 * L_new)/H)}. Every weight is thus at most 1, so no sum can overflow for any event times of years 1 to 9999;
 * values so old that their weight underflows to 0 (more than about 1074 half-lives older than the newest) weigh
 * less than a double can show beside it. The merge of the old sums with the batch's is Chan's weighted merge, so
 * the result depends on the values and their event times, not on their order or on how they were batched.
 *
 * <p>The weights are computed with {@link StrictMath#pow}, whose result is the same on every machine, so a replay
 * and the streaming job give the same bits.
 */
final class DecayFold {
    private DecayFold() {}

    static RunningStatistics fold(
            RunningStatistics s, double[][] rows, long[] eventTimes, long priorTime, NormalizerConfig config) {
        int d = s.dimension();
        double halfLife = config.halfLifeMillis();
        long oldLandmark = s.landmark() == RunningStatistics.NO_LANDMARK ? priorTime : s.landmark();
        long landmark = oldLandmark;
        for (long t : eventTimes) {
            landmark = Math.max(landmark, t);
        }
        double[] weights = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            weights[i] = weight(eventTimes[i], landmark, halfLife);
        }
        WeightedMoments batch = WeightedMoments.of(rows, weights, d);
        double rescale = weight(oldLandmark, landmark, halfLife);
        boolean unbiased = config.runningVariance() == RunningVariance.UNBIASED;
        Folds.Parts p = new Folds.Parts(s);
        for (int j = 0; j < d; j++) {
            p.weightSum[j] *= rescale;
            p.squaredWeightSum[j] *= rescale * rescale;
            p.m2[j] *= rescale;
            if (batch.counts[j] < config.minBatchSize()) {
                continue;
            }
            p.counts[j] += batch.counts[j];
            double wb = batch.weightSum[j];
            if (wb == 0.0) {
                continue; // every value of the batch is too old to weigh anything beside the newest
            }
            double wa = p.weightSum[j];
            double total = wa + wb;
            if (wa == 0.0) {
                p.mean[j] = batch.mean[j];
                p.m2[j] = batch.m2[j];
            } else {
                double delta = batch.mean[j] - p.mean[j];
                double share = wb / total;
                p.mean[j] = p.mean[j] + delta * share;
                p.m2[j] = p.m2[j] + batch.m2[j] + delta * delta * wa * share;
            }
            p.weightSum[j] = total;
            p.squaredWeightSum[j] += batch.squaredWeightSum[j];
            p.variance[j] = variance(p.m2[j], total, p.squaredWeightSum[j], unbiased);
        }
        return p.build(landmark);
    }

    /**
     * The weighted variance: biased {@code M2 / V1}, or with the reliability-weights correction {@code M2 / (V1 -
     * V2/V1)}. When that denominator is not positive, the effective sample size {@code V1^2 / V2} is 1 (every
     * weight but one has decayed to nothing) and no unbiased estimate exists: the biased one is used.
     */
    static double variance(double m2, double v1, double v2, boolean unbiased) {
        if (unbiased) {
            double denominator = v1 - v2 / v1;
            if (denominator > 0.0) {
                return m2 / denominator;
            }
        }
        return m2 / v1;
    }

    /** {@code 2^((t - landmark) / halfLife)}: at most 1 for {@code t <= landmark}. */
    static double weight(long t, long landmark, double halfLife) {
        return t == landmark ? 1.0 : StrictMath.pow(2.0, (t - landmark) / halfLife);
    }
}
