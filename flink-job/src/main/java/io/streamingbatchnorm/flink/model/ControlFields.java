package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.Prior;
import java.util.Arrays;
import java.util.Objects;

/** The flat, serializable form of a core {@link ControlState}, stamped on every record. */
public class ControlFields {
    public Mode mode;
    /** Null means 1 for every feature. */
    public double[] gamma;
    /** Null means 0 for every feature. */
    public double[] beta;

    public double momentum;
    public double epsilon;
    public int resetGeneration;
    /** SET_PRIOR's mean per feature; null when the key has no prior. */
    public double[] priorMean;

    public double[] priorVariance;
    public double priorWeight;

    public ControlFields() {}

    public static ControlFields of(ControlState s) {
        ControlFields f = new ControlFields();
        f.mode = s.mode();
        f.gamma = s.gammaOrNull();
        f.beta = s.betaOrNull();
        f.momentum = s.momentum();
        f.epsilon = s.epsilon();
        f.resetGeneration = s.resetGeneration();
        Prior prior = s.prior();
        if (prior != null) {
            f.priorMean = prior.meanVector();
            f.priorVariance = prior.varianceVector();
            f.priorWeight = prior.weight();
        }
        return f;
    }

    public ControlState toState() {
        Prior prior = priorMean == null ? null : new Prior(priorMean, priorVariance, priorWeight);
        return new ControlState(mode, gamma, beta, momentum, epsilon, resetGeneration, prior);
    }

    private boolean samePrior(Prior p) {
        if (p == null || priorMean == null) {
            return p == null && priorMean == null;
        }
        return p.is(priorMean, priorVariance, priorWeight);
    }

    /** Whether this stamp says the same as {@code s}, without allocating. */
    public boolean matches(ControlState s) {
        if (mode != s.mode()
                || Double.compare(momentum, s.momentum()) != 0
                || Double.compare(epsilon, s.epsilon()) != 0
                || resetGeneration != s.resetGeneration()) {
            return false;
        }
        return s.hasAffine(gamma, beta) && samePrior(s.prior());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlFields f
                && mode == f.mode
                && Double.compare(momentum, f.momentum) == 0
                && Double.compare(epsilon, f.epsilon) == 0
                && resetGeneration == f.resetGeneration
                && Arrays.equals(gamma, f.gamma)
                && Arrays.equals(beta, f.beta)
                && Arrays.equals(priorMean, f.priorMean)
                && Arrays.equals(priorVariance, f.priorVariance)
                && Double.compare(priorWeight, f.priorWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, momentum, epsilon, resetGeneration, Arrays.hashCode(gamma), Arrays.hashCode(beta));
    }
}
