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
            double[][] rows,
            BatchMoments batch,
            RunningStatistics running,
            ControlState control,
            NormalizerConfig config) {
        return train(rows, batch, running, control, config, null);
    }

    /**
     * Normalizes a train micro-batch with a Batch Renormalization correction (or none, {@code renorm} null). A
     * feature's correction folds into its scale and shift, {@code y = (x - m_B) * (gamma / s_B * r) + (gamma * d +
     * beta)}, and is skipped where r is 1 and d is 0, so that those outputs keep the bits of plain batch norm.
     */
    public static double[][] train(
            double[][] rows,
            BatchMoments batch,
            RunningStatistics running,
            ControlState control,
            NormalizerConfig config,
            Renormalization renorm) {
        int d = batch.dimension();
        // x - mean is (x - shift) - correction with the batch's moments (exact for means near 1e9), and
        // (x - running mean) - 0.0, the same bits as x - running mean, for features that fall back.
        double[] shift = new double[d];
        double[] correction = new double[d];
        double[] scale = new double[d];
        double[] beta = new double[d];
        for (int j = 0; j < d; j++) {
            boolean useBatch = batch.count(j) >= config.minBatchSize();
            shift[j] = useBatch ? batch.shift(j) : running.mean(j);
            correction[j] = useBatch ? batch.correction(j) : 0.0;
            double variance = useBatch ? batch.variance(j) : running.variance(j);
            scale[j] = scale(control.gamma(j), variance, control.epsilon());
            beta[j] = control.beta(j);
            if (renorm != null && renorm.r(j) != 1.0) {
                scale[j] = scale[j] * renorm.r(j);
            }
            if (renorm != null && renorm.d(j) != 0.0) {
                beta[j] = control.gamma(j) * renorm.d(j) + beta[j];
            }
        }
        boolean impute = config.missing() == MissingPolicy.IMPUTE;
        boolean anyMissing = batch.anyMissing(rows.length);
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] x = rows[i];
            double[] y = new double[d];
            if (anyMissing) {
                for (int j = 0; j < d; j++) {
                    double v = x[j];
                    y[j] = v != v
                            ? (impute ? beta[j] : Double.NaN)
                            : ((v - shift[j]) - correction[j]) * scale[j] + beta[j];
                }
            } else {
                // Without a branch per value, so that the JIT can vectorize the loop.
                for (int j = 0; j < d; j++) {
                    y[j] = ((x[j] - shift[j]) - correction[j]) * scale[j] + beta[j];
                }
            }
            out[i] = y;
        }
        return out;
    }

    /**
     * Normalizes one record with frozen running statistics (eval mode). To normalize several records with
     * the same statistics, build one {@link EvalNormalizer} and reuse it: it gives the same bits without a
     * square root and a division per value.
     */
    public static double[] eval(double[] x, RunningStatistics running, ControlState control, MissingPolicy missing) {
        int d = running.dimension();
        double[] y = new double[d];
        boolean impute = missing == MissingPolicy.IMPUTE;
        for (int j = 0; j < d; j++) {
            double v = x[j];
            // The scale only for present values: a square root and a division are most of the cost.
            double scale = v != v ? 0.0 : scale(control.gamma(j), running.variance(j), control.epsilon());
            y[j] = EvalNormalizer.value(v, running.mean(j), scale, control.beta(j), impute);
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
