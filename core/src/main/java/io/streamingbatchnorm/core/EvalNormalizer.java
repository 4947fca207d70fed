package io.streamingbatchnorm.core;

/**
 * Eval-mode normalization (DESIGN 4.3) with one key's frozen running statistics and affine parameters,
 * {@code gamma / sqrt(variance + epsilon)} worked out once per feature.
 *
 * <p>A record costs a subtraction, a multiplication and an addition per feature instead of also a square
 * root and a division. Engines keep one per key while its statistics and control state stay the same,
 * which in eval mode is until the next command. The bits are those of computing the scale per record:
 * the same operations on the same operands, in the same order.
 */
public final class EvalNormalizer {
    private final RunningStatistics running;
    private final double[] scale;
    private final double[] beta;
    private final boolean impute;

    private EvalNormalizer(RunningStatistics running, double[] scale, double[] beta, boolean impute) {
        this.running = running;
        this.scale = scale;
        this.beta = beta;
        this.impute = impute;
    }

    public static EvalNormalizer of(RunningStatistics running, ControlState control, MissingPolicy missing) {
        int d = running.dimension();
        double[] scale = new double[d];
        double[] beta = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = Normalization.scale(control.gamma(j), running.variance(j), control.epsilon());
            beta[j] = control.beta(j);
        }
        return new EvalNormalizer(running, scale, beta, missing == MissingPolicy.IMPUTE);
    }

    public int dimension() {
        return scale.length;
    }

    /**
     * The normalized form of {@code x}, a vector of this key's dimension; a missing input stays NaN or
     * becomes beta ({@code missing=impute}).
     */
    public double[] normalize(double[] x) {
        int d = scale.length;
        double[] y = new double[d];
        for (int j = 0; j < d; j++) {
            y[j] = value(x[j], running.mean(j), scale[j], beta[j], impute);
        }
        return y;
    }

    /** DESIGN 4.3 for one value: the one place both eval paths take their bits from. */
    static double value(double x, double mean, double scale, double beta, boolean impute) {
        if (x != x) {
            return impute ? beta : Double.NaN;
        }
        return (x - mean) * scale + beta;
    }
}
