package io.streamingbatchnorm.core;

/**
 * The Batch Renormalization correction of one train micro-batch (Ioffe, "Batch Renormalization: Towards Reducing
 * Minibatch Dependence in Batch-Normalized Models", 2017), per feature.
 *
 * <p>With the batch's mean {@code m_B} and {@code s_B = sqrt(batch variance + epsilon)}, and the key's running mean
 * {@code m} and {@code s = sqrt(running variance + epsilon)} before this batch is folded in:
 *
 * <pre>
 * r = clip(s_B / s, 1/r_max, r_max)
 * d = clip((m_B - m) / s, -d_max, d_max)
 * y = gamma * ((x - m_B) / s_B * r + d) + beta
 * </pre>
 *
 * With r and d unclipped, y is the eval formula with the running statistics; clipped, it stays close to plain batch
 * norm. While fewer than {@code N = --renorm-warmup} batches have been folded into the key (k of them),
 * {@code r_max_k = 1 + (r_max - 1) k / N} and {@code d_max_k = d_max k / N}: the first batch is plain batch norm.
 *
 * <p>A feature normalized with the running statistics (fewer than {@code min-batch-size} values) has r 1 and d 0.
 * Where a denominator is 0 (epsilon 0 and a constant running feature) the ratio is taken as its limit: 1 for 0/0,
 * the clip bound otherwise.
 */
public final class Renormalization {
    private final double[] r;
    private final double[] d;
    private final boolean[] rClipped;
    private final boolean[] dClipped;

    private Renormalization(double[] r, double[] d, boolean[] rClipped, boolean[] dClipped) {
        this.r = r;
        this.d = d;
        this.rClipped = rClipped;
        this.dClipped = dClipped;
    }

    /**
     * The correction of {@code batch} against {@code running}, the key's statistics before the fold.
     *
     * @param foldedBatches the batches folded into the key so far (its version), for the warm-up
     */
    public static Renormalization of(
            BatchMoments batch,
            RunningStatistics running,
            ControlState control,
            NormalizerConfig config,
            long foldedBatches) {
        int n = config.renormWarmup();
        double rmax = config.renormRmax();
        double dmax = config.renormDmax();
        if (foldedBatches < n) {
            rmax = 1.0 + (rmax - 1.0) * foldedBatches / n;
            dmax = dmax * foldedBatches / n;
        }
        int dim = batch.dimension();
        double[] r = new double[dim];
        double[] d = new double[dim];
        boolean[] rClipped = new boolean[dim];
        boolean[] dClipped = new boolean[dim];
        double epsilon = control.epsilon();
        for (int j = 0; j < dim; j++) {
            if (batch.count(j) < config.minBatchSize()) {
                r[j] = 1.0;
                continue;
            }
            double sb = Math.sqrt(batch.variance(j) + epsilon);
            double s = Math.sqrt(running.variance(j) + epsilon);
            double gap = batch.mean(j) - running.mean(j);
            double rawR = s == 0.0 ? (sb == 0.0 ? 1.0 : Double.POSITIVE_INFINITY) : sb / s;
            double rawD = s == 0.0 ? (gap == 0.0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, gap)) : gap / s;
            r[j] = Math.max(1.0 / rmax, Math.min(rmax, rawR));
            d[j] = Math.max(-dmax, Math.min(dmax, rawD));
            rClipped[j] = r[j] != rawR;
            dClipped[j] = d[j] != rawD;
        }
        return new Renormalization(r, d, rClipped, dClipped);
    }

    public int dimension() {
        return r.length;
    }

    /** The scale correction r of feature {@code j}, after clipping. */
    public double r(int j) {
        return r[j];
    }

    /** The shift correction d of feature {@code j}, after clipping. */
    public double d(int j) {
        return d[j];
    }

    /** Whether {@code s_B / s} of feature {@code j} lay outside {@code [1/r_max, r_max]} and was clipped. */
    public boolean rClipped(int j) {
        return rClipped[j];
    }

    /** Whether {@code (m_B - m) / s} of feature {@code j} lay outside {@code [-d_max, d_max]} and was clipped. */
    public boolean dClipped(int j) {
        return dClipped[j];
    }
}
