package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandType;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/** A control command as kept in broadcast state: the flat, serializable form of a core {@link Command}. */
public class StoredCommand implements Serializable {
    private static final long serialVersionUID = 1L;

    public String id;
    public String key;
    public CommandType type;
    public Long effectiveTime;
    public double[] gamma;
    public double[] beta;
    public Double momentum;
    public Double epsilon;
    public double[] priorMean;
    public double[] priorVariance;
    public Double priorWeight;
    public String issuer;
    public long sequence;

    public StoredCommand() {}

    public static StoredCommand of(Command c) {
        StoredCommand s = new StoredCommand();
        s.id = c.id();
        s.key = c.key();
        s.type = c.type();
        s.effectiveTime = c.effectiveTime();
        s.gamma = c.gamma();
        s.beta = c.beta();
        s.momentum = c.momentum();
        s.epsilon = c.epsilon();
        s.priorMean = c.priorMean();
        s.priorVariance = c.priorVariance();
        s.priorWeight = c.priorWeight();
        s.issuer = c.issuer();
        s.sequence = c.sequence();
        return s;
    }

    public Command toCommand() {
        return new Command(
                id,
                key,
                type,
                effectiveTime,
                gamma,
                beta,
                momentum,
                epsilon,
                priorMean,
                priorVariance,
                priorWeight,
                issuer,
                sequence);
    }

    /** Same command, whatever its position in the stream. */
    public boolean sameContent(StoredCommand o) {
        return Objects.equals(id, o.id)
                && Objects.equals(key, o.key)
                && type == o.type
                && Objects.equals(effectiveTime, o.effectiveTime)
                && Arrays.equals(gamma, o.gamma)
                && Arrays.equals(beta, o.beta)
                && Objects.equals(momentum, o.momentum)
                && Objects.equals(epsilon, o.epsilon)
                && Arrays.equals(priorMean, o.priorMean)
                && Arrays.equals(priorVariance, o.priorVariance)
                && Objects.equals(priorWeight, o.priorWeight)
                && Objects.equals(issuer, o.issuer);
    }
}
