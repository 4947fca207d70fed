package io.streamingbatchnorm.core;

import java.util.Arrays;

/**
 * What a key's statistics are before it has folded any batch, set by a SET_PRIOR command: a mean and a variance
 * per feature and a weight k, the number of values (a pseudo-count) this belief is worth.
 *
 * <p>How each running mode uses it, from the key's first batch on (see {@link RunningStatistics#initial(int,
 * Prior)}):
 *
 * <ul>
 *   <li>Before the first fold, eval records and features of under-sized batches are normalized with the prior's
 *       mean and variance instead of 0 and 1.
 *   <li>{@code ema}: the prior's mean and variance replace 0 and 1 as the values the first batch is blended into.
 *       {@code --init first-batch} then applies only to a prior of weight 0: a prior that claims no confidence is
 *       replaced by the first batch, as 0 and 1 would be; one with weight is kept.
 *   <li>{@code cumulative} and {@code decay}: pooled as weight k of values with that mean and (population)
 *       variance, so the key moves from the prior to its own statistics as its data grows. The pseudo-values need
 *       no small-sample correction: with {@code --running-variance unbiased} the pooled sum of squares is divided
 *       by {@code V1 - V2/V1} where the prior adds k to the weight sum V1 and nothing to the squared-weight sum V2.
 *       Under {@code decay} the prior is weighted at the event time of the earliest value of the first batch
 *       folded from it: as old as the key's own data, never older (a prior weighted at a SET_PRIOR effective time
 *       long before a key is first seen would be worth nothing).
 *   <li>{@code average}: k pseudo-batches with that mean and variance.
 * </ul>
 *
 * <p>A prior that arrives after a key has folded batches changes nothing until the key's next RESET, which
 * returns it to the prior: changing the statistics under a key in mid-stream would make a version stand for two
 * different statistics. Immutable; arrays are copied in and out.
 */
public final class Prior {
    /**
     * The largest weight: more pseudo-values than any key can fold, and small enough that pooled sums stay finite
     * (see {@link NormalizerOptions#LARGEST_MAX_ABS_VALUE}).
     */
    public static final double MAX_WEIGHT = 1e18;

    private final double[] mean;
    private final double[] variance;
    private final double weight;

    /**
     * @throws IllegalArgumentException when the vectors differ in length or are empty, or a number is outside
     *     what {@link CommandCheck} accepts regardless of the configuration
     */
    public Prior(double[] mean, double[] variance, double weight) {
        if (mean.length == 0 || mean.length != variance.length) {
            throw new IllegalArgumentException(
                    "prior mean and variance need the same, non-zero length: " + mean.length + ", " + variance.length);
        }
        if (!(weight >= 0.0 && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException("prior weight must be in [0, " + MAX_WEIGHT + "], got " + weight);
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !(variance[j] >= 0.0 && variance[j] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(
                        "prior feature " + j + " has mean " + mean[j] + " and variance " + variance[j]);
            }
        }
        this.mean = mean.clone();
        this.variance = variance.clone();
        this.weight = weight;
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

    /** The pseudo-count k. */
    public double weight() {
        return weight;
    }

    /** Whether this prior is exactly these numbers, without copying either side (engines compare it per record). */
    public boolean is(double[] otherMean, double[] otherVariance, double otherWeight) {
        return Double.compare(weight, otherWeight) == 0
                && Arrays.equals(mean, otherMean)
                && Arrays.equals(variance, otherVariance);
    }

    public double[] meanVector() {
        return mean.clone();
    }

    public double[] varianceVector() {
        return variance.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prior other
                && Double.compare(weight, other.weight) == 0
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(variance, other.variance);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(mean) * 31 + Arrays.hashCode(variance)) * 31 + Double.hashCode(weight);
    }

    @Override
    public String toString() {
        return "Prior{mean=" + Arrays.toString(mean) + ", variance=" + Arrays.toString(variance) + ", weight=" + weight
                + "}";
    }
}
