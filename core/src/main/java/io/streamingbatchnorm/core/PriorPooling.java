package io.streamingbatchnorm.core;

import java.util.List;

/**
 * Pools a {@link Prior} from the statistics of several keys, for {@code normalize control --command SET_PRIOR
 * --from-stats}: each key weighs its count of values, and the pooled variance follows the law of total variance,
 * the weighted mean of the keys' variances plus the weighted variance of their means. With each key's biased
 * variance, this is exactly the mean and biased variance of all their values together.
 */
public final class PriorPooling {
    private PriorPooling() {}

    /**
     * One key's statistics as its snapshot gives them.
     *
     * @param count the values (records) folded into the key; a key with none is left out
     */
    public record KeyMoments(String key, long count, double[] mean, double[] variance) {}

    /**
     * The prior of weight {@code weight} whose mean and variance pool {@code keys}.
     *
     * @throws IllegalArgumentException when no key has a count, or the keys' dimensions differ
     */
    public static Prior pool(List<KeyMoments> keys, double weight) {
        double total = 0.0;
        int dimension = -1;
        for (KeyMoments k : keys) {
            if (k.count() <= 0) {
                continue;
            }
            if (dimension < 0) {
                dimension = k.mean().length;
            }
            if (k.mean().length != dimension || k.variance().length != dimension) {
                throw new IllegalArgumentException("key '" + k.key() + "' has dimension " + k.mean().length
                        + " (mean) and " + k.variance().length + " (variance), the others " + dimension);
            }
            total += k.count();
        }
        if (dimension < 0) {
            throw new IllegalArgumentException("no key has folded any value: nothing to pool a prior from");
        }
        // Two passes with weights normalized to sum to 1, so that no sum grows with the counts: a shifted weighted
        // mean of the means, then the within and between parts of the variance around it.
        double[] shift = new double[dimension];
        for (KeyMoments k : keys) {
            if (k.count() > 0) {
                double share = k.count() / total;
                for (int j = 0; j < dimension; j++) {
                    shift[j] += share * k.mean()[j];
                }
            }
        }
        double[] correction = new double[dimension];
        double[] variance = new double[dimension];
        for (KeyMoments k : keys) {
            if (k.count() > 0) {
                double share = k.count() / total;
                for (int j = 0; j < dimension; j++) {
                    double dev = k.mean()[j] - shift[j];
                    correction[j] += share * dev;
                    variance[j] += share * (k.variance()[j] + dev * dev);
                }
            }
        }
        double[] mean = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            mean[j] = shift[j] + correction[j];
            variance[j] = Math.max(0.0, variance[j] - correction[j] * correction[j]);
        }
        return new Prior(mean, variance, weight);
    }
}
