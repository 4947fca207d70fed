package io.streamingbatchnorm.core;

/**
 * The two normalization formulas of DESIGN 4.2 and 4.3: train mode with a batch's own statistics, eval
 * mode with frozen running statistics. Both apply gamma and beta and the missing-value policy.
 *
 * <p>Every engine (the Flink job, the Kafka Streams serving normalizer, replay) calls these, so a record
 * normalized with the same statistics gives the same bits everywhere.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * Normalizes a train micro-batch. Features with at least {@code min-batch-size} present values use
     * the batch's mean and biased variance; the others use the running statistics, as in eval mode.
     *
     * @return one output row per input row; a missing input stays NaN or becomes beta ({@code missing=impute})
     */
    public static double[][] train(
            double[][] rows, BatchMoments batch, RunningStatistics running, ControlState control, NormalizerConfig config) {
        int d = batch.dimension();
        double[] scale = new double[d];
        boolean[] useBatch = new boolean[d];
        for (int j = 0; j < d; j++) {
            useBatch[j] = batch.count(j) >= config.minBatchSize();
            double variance = useBatch[j] ? batch.variance(j) : running.variance(j);
            scale[j] = scale(control.gamma(j), variance, control.epsilon());
        }
        boolean impute = config.missing() == MissingPolicy.IMPUTE;
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] x = rows[i];
            double[] y = new double[d];
            for (int j = 0; j < d; j++) {
                double v = x[j];
                if (v != v) {
                    y[j] = impute ? control.beta(j) : Double.NaN;
                } else {
                    double centered = useBatch[j] ? batch.deviation(j, v) : v - running.mean(j);
                    y[j] = centered * scale[j] + control.beta(j);
                }
            }
            out[i] = y;
        }
        return out;
    }

    /** Normalizes one record with frozen running statistics (eval mode). */
    public static double[] eval(double[] x, RunningStatistics running, ControlState control, MissingPolicy missing) {
        int d = running.dimension();
        double[] y = new double[d];
        for (int j = 0; j < d; j++) {
            double v = x[j];
            if (v != v) {
                y[j] = missing == MissingPolicy.IMPUTE ? control.beta(j) : Double.NaN;
            } else {
                y[j] = (v - running.mean(j)) * scale(control.gamma(j), running.variance(j), control.epsilon())
                        + control.beta(j);
            }
        }
        return y;
    }

    /**
     * {@code gamma / sqrt(variance + epsilon)}; 0 when the denominator is 0, which only happens with
     * epsilon 0 and a constant feature, whose centered values are then all 0 and normalize to beta.
     */
    static double scale(double gamma, double variance, double epsilon) {
        double denominator = Math.sqrt(variance + epsilon);
        return denominator == 0.0 ? 0.0 : gamma / denominator;
    }
}
