package io.streamingbatchnorm.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the control commands say about a key at one event time: its mode, gamma and beta, momentum and
 * epsilon, its prior, and how many RESETs it has been through.
 *
 * <p>{@code gamma} and {@code beta} are {@code null} until SET_AFFINE sets them, which means 1 and 0 for
 * every feature whatever the key's dimension. The {@link Prior} is {@code null} until SET_PRIOR sets it; unlike
 * gamma and beta it survives RESET, which returns the key to it.
 */
public final class ControlState {
    private final Mode mode;
    private final double[] gamma;
    private final double[] beta;
    private final double momentum;
    private final double epsilon;
    private final int resetGeneration;
    private final Prior prior;

    public ControlState(
            Mode mode, double[] gamma, double[] beta, double momentum, double epsilon, int resetGeneration) {
        this(mode, gamma, beta, momentum, epsilon, resetGeneration, null);
    }

    /** @param prior the key's prior, or {@code null} for mean 0 and variance 1 */
    public ControlState(
            Mode mode,
            double[] gamma,
            double[] beta,
            double momentum,
            double epsilon,
            int resetGeneration,
            Prior prior) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.gamma = gamma == null ? null : gamma.clone();
        this.beta = beta == null ? null : beta.clone();
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.resetGeneration = resetGeneration;
        this.prior = prior;
    }

    public static ControlState initial(Mode mode, double momentum, double epsilon) {
        return new ControlState(mode, null, null, momentum, epsilon, 0);
    }

    public Mode mode() {
        return mode;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public int resetGeneration() {
        return resetGeneration;
    }

    /** The prior SET_PRIOR set, or {@code null}. */
    public Prior prior() {
        return prior;
    }

    /** Whether SET_AFFINE has set gamma or beta. */
    public boolean hasAffine() {
        return gamma != null || beta != null;
    }

    /** Gamma of feature {@code j} (1 unless set). */
    public double gamma(int j) {
        return gamma == null ? 1.0 : gamma[j];
    }

    /** Beta of feature {@code j} (0 unless set). */
    public double beta(int j) {
        return beta == null ? 0.0 : beta[j];
    }

    /** Gamma as a fresh array of {@code dimension} values, for snapshots. */
    public double[] gammaVector(int dimension) {
        return gamma == null ? filled(dimension, 1.0) : gamma.clone();
    }

    /** Beta as a fresh array of {@code dimension} values, for snapshots. */
    public double[] betaVector(int dimension) {
        return beta == null ? new double[dimension] : beta.clone();
    }

    /** The gamma that was set, or {@code null}; the array is a copy. */
    public double[] gammaOrNull() {
        return gamma == null ? null : gamma.clone();
    }

    /** The beta that was set, or {@code null}; the array is a copy. */
    public double[] betaOrNull() {
        return beta == null ? null : beta.clone();
    }

    /** Whether gamma and beta are exactly these (null meaning not set), without copying either. */
    public boolean hasAffine(double[] g, double[] b) {
        return Arrays.equals(gamma, g) && Arrays.equals(beta, b);
    }

    public ControlState withMode(Mode m) {
        return new ControlState(m, gamma, beta, momentum, epsilon, resetGeneration, prior);
    }

    public ControlState withAffine(double[] g, double[] b) {
        return new ControlState(
                mode, g == null ? gamma : g, b == null ? beta : b, momentum, epsilon, resetGeneration, prior);
    }

    public ControlState withParams(Double m, Double e) {
        return new ControlState(
                mode, gamma, beta, m == null ? momentum : m, e == null ? epsilon : e, resetGeneration, prior);
    }

    public ControlState withPrior(Prior p) {
        return new ControlState(mode, gamma, beta, momentum, epsilon, resetGeneration, p);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ControlState other)) {
            return false;
        }
        return mode == other.mode
                && Double.compare(momentum, other.momentum) == 0
                && Double.compare(epsilon, other.epsilon) == 0
                && resetGeneration == other.resetGeneration
                && Arrays.equals(gamma, other.gamma)
                && Arrays.equals(beta, other.beta)
                && Objects.equals(prior, other.prior);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                mode, momentum, epsilon, resetGeneration, Arrays.hashCode(gamma), Arrays.hashCode(beta), prior);
    }

    @Override
    public String toString() {
        return "ControlState{mode=" + mode + ", momentum=" + momentum + ", epsilon=" + epsilon + ", resets="
                + resetGeneration + ", gamma=" + Arrays.toString(gamma) + ", beta=" + Arrays.toString(beta)
                + (prior == null ? "" : ", prior=" + prior) + "}";
    }
}
