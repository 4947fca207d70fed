package io.streamingbatchnorm.cli.demo;

/**
 * Count, mean and biased variance of a series of values, updated one value at a time (Welford), so the
 * demo can summarize a stream without keeping it. Missing values (NaN) are skipped.
 */
public final class Moments {
    private long n;
    private double mean;
    private double m2;

    public void add(double x) {
        if (Double.isNaN(x)) {
            return;
        }
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
    }

    public long count() {
        return n;
    }

    /** The mean, or NaN when no value was added. */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** The biased (population) variance, as numpy's {@code x.var()}; NaN when no value was added. */
    public double variance() {
        return n == 0 ? Double.NaN : m2 / n;
    }

    public double std() {
        return Math.sqrt(variance());
    }
}
