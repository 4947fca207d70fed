package io.streamingbatchnorm.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * docs/semantics.md for one key, written out directly as plain two-pass loops and independently of the code
 * under test: what a train micro-batch or an eval record must give, and the running statistics, version and
 * count that follow. Mutable: each call moves the key on, as the job's state does.
 *
 * <p>Values are {@code double[]} rows with NaN for a missing value, which is left out of the statistics and
 * stays missing in the output. Gamma 1, beta 0, mean 0 and variance 1 until set; EMA running statistics with
 * momentum as the weight of the old value, or, with {@link Settings#cumulative}, the exact pooled mean and
 * biased variance of every value folded in.
 */
public final class ReferenceBatchNorm {
    /** The configured parameters a key starts with, and starts again with after a RESET. */
    public record Settings(double momentum, double epsilon, int minBatchSize, boolean cumulative) {
        /** The job's defaults: momentum 0.9, epsilon 1e-5, min-batch-size 2, EMA. */
        public static final Settings DEFAULTS = new Settings(0.9, 1e-5, 2, false);

        public Settings withMomentum(double m) {
            return new Settings(m, epsilon, minBatchSize, cumulative);
        }

        public Settings withEpsilon(double e) {
            return new Settings(momentum, e, minBatchSize, cumulative);
        }

        public Settings withMinBatchSize(int n) {
            return new Settings(momentum, epsilon, n, cumulative);
        }

        public Settings withCumulative() {
            return new Settings(momentum, epsilon, minBatchSize, true);
        }
    }

    /** Mean and biased variance of the present values of one feature, and how many there were. */
    public record Moments(int count, double mean, double variance) {}

    private final int dimension;
    private final Settings settings;
    private double[] mean;
    private double[] var;
    private double[] gamma;
    private double[] beta;
    private double momentum;
    private double epsilon;
    private long version;
    private long count;
    private Long lastEventTime;
    private int resets;
    /** Every value folded in, per feature: what cumulative statistics pool. */
    private List<List<Double>> folded;

    public ReferenceBatchNorm(int dimension, Settings settings) {
        this.dimension = dimension;
        this.settings = settings;
        start();
    }

    /** A new key of this dimension with the default settings. */
    public static ReferenceBatchNorm withDefaults(int dimension) {
        return new ReferenceBatchNorm(dimension, Settings.DEFAULTS);
    }

    private void start() {
        mean = new double[dimension];
        var = new double[dimension];
        Arrays.fill(var, 1.0);
        gamma = new double[dimension];
        Arrays.fill(gamma, 1.0);
        beta = new double[dimension];
        momentum = settings.momentum();
        epsilon = settings.epsilon();
        version = 0;
        count = 0;
        lastEventTime = null;
        folded = new ArrayList<>();
        for (int j = 0; j < dimension; j++) {
            folded.add(new ArrayList<>());
        }
    }

    /** RESET: fresh statistics at version 0, gamma 1, beta 0, the configured momentum and epsilon. */
    public void reset() {
        start();
        resets++;
    }

    /** SET_AFFINE: a null array leaves that parameter as it is. */
    public void setAffine(double[] g, double[] b) {
        gamma = g == null ? gamma : g.clone();
        beta = b == null ? beta : b.clone();
    }

    /** SET_PARAMS: a null value leaves that parameter as it is. */
    public void setParams(Double m, Double e) {
        momentum = m == null ? momentum : m;
        epsilon = e == null ? epsilon : e;
    }

    /**
     * Normalizes a train micro-batch with its own moments and folds it into the running statistics. A feature
     * with fewer than min-batch-size present values is normalized with the running statistics instead and
     * leaves them as they are; the version moves only when some feature was folded in.
     *
     * @param maxEventTime the latest event time in the batch
     */
    public double[][] train(double[][] rows, long maxEventTime) {
        double[][] y = new double[rows.length][dimension];
        boolean anyFolded = false;
        double[] nextMean = mean.clone();
        double[] nextVar = var.clone();
        for (int j = 0; j < dimension; j++) {
            double[] column = column(rows, j);
            Moments m = moments(column);
            if (m.count() < settings.minBatchSize()) {
                for (int i = 0; i < rows.length; i++) {
                    y[i][j] = normalize(column[i], mean[j], var[j], j);
                }
                continue;
            }
            for (int i = 0; i < rows.length; i++) {
                y[i][j] = normalize(column[i], m.mean(), m.variance(), j);
            }
            for (double v : column) {
                if (!Double.isNaN(v)) {
                    folded.get(j).add(v);
                }
            }
            if (settings.cumulative()) {
                Moments pooled = moments(
                        folded.get(j).stream().mapToDouble(Double::doubleValue).toArray());
                nextMean[j] = pooled.mean();
                nextVar[j] = pooled.variance();
            } else {
                nextMean[j] = momentum * mean[j] + (1 - momentum) * m.mean();
                nextVar[j] = momentum * var[j] + (1 - momentum) * m.variance();
            }
            anyFolded = true;
        }
        if (anyFolded) {
            mean = nextMean;
            var = nextVar;
            version++;
            count += rows.length;
            lastEventTime = lastEventTime == null ? maxEventTime : Math.max(lastEventTime, maxEventTime);
        }
        return y;
    }

    /** Eval mode: one record normalized with the running statistics, which do not change. */
    public double[] eval(double[] x) {
        double[] y = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            y[j] = normalize(x[j], mean[j], var[j], j);
        }
        return y;
    }

    /** gamma * (x - mean) / sqrt(variance + epsilon) + beta; beta when the denominator is 0, NaN stays NaN. */
    private double normalize(double x, double m, double v, int j) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double denominator = Math.sqrt(v + epsilon);
        return denominator == 0 ? beta[j] : gamma[j] * (x - m) / denominator + beta[j];
    }

    /** Two passes over the present values: their mean, then the mean squared deviation from it. */
    public static Moments moments(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        double mu = sum / n;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mu) * (v - mu);
            }
        }
        return new Moments(n, mu, squares / n);
    }

    /**
     * One feature of a train batch normalized with the batch's own moments, gamma 1 and beta 0: {@code (x - mu) /
     * sqrt(var + epsilon)}, NaN where the value is missing.
     */
    public static double[] normalizeColumn(double[] column, double epsilon) {
        Moments m = moments(column);
        double[] y = new double[column.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Double.isNaN(column[i]) ? Double.NaN : (column[i] - m.mean()) / Math.sqrt(m.variance() + epsilon);
        }
        return y;
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }

    public int dimension() {
        return dimension;
    }

    /** The running mean, a copy. */
    public double[] mean() {
        return mean.clone();
    }

    /** The running variance, a copy. */
    public double[] var() {
        return var.clone();
    }

    public double[] gamma() {
        return gamma.clone();
    }

    public double[] beta() {
        return beta.clone();
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    /** Micro-batches folded into the running statistics since the key was new or last RESET. */
    public long version() {
        return version;
    }

    /** Records of the batches folded in. */
    public long count() {
        return count;
    }

    /** Event time of the last record of the batches folded in; null before the first. */
    public Long lastEventTime() {
        return lastEventTime;
    }

    /** RESETs the key has been through. */
    public int resets() {
        return resets;
    }
}
