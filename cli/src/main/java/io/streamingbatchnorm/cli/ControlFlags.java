package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.cli.model.ModelFile;
import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.Prior;
import io.streamingbatchnorm.core.Rejection;

/**
 * Turns the flags of {@code normalize control} into a core {@link Command}, refusing flags that the command
 * type does not take (a --gamma on EVAL would be silently ignored by the job), and names the flag behind a
 * refusal of the core's check.
 */
final class ControlFlags {
    private ControlFlags() {}

    static Command build(ControlSendCommand f, CommandType type) {
        boolean affineFlags = f.gamma != null || f.beta != null || f.fromModel != null;
        boolean paramFlags = f.momentum != null || f.epsilon != null;
        if (affineFlags && type != CommandType.SET_AFFINE) {
            throw CliException.usage(affineFlag(f) + ": only SET_AFFINE takes gamma and beta, not " + type);
        }
        if (paramFlags && type != CommandType.SET_PARAMS) {
            throw CliException.usage((f.momentum != null ? "--momentum" : "--epsilon")
                    + ": only SET_PARAMS takes momentum and epsilon, not " + type);
        }
        boolean priorFlags = f.priorMean != null || f.priorVariance != null || f.fromStats != null || f.weight != null;
        if (priorFlags && type != CommandType.SET_PRIOR) {
            throw CliException.usage(priorFlag(f) + ": only SET_PRIOR takes a prior, not " + type);
        }
        Long effective = f.effectiveTime == null ? null : EffectiveTimes.parse(f.effectiveTime);
        if (type == CommandType.SET_PRIOR) {
            return prior(f, effective);
        }
        double[] gamma = f.gamma;
        double[] beta = f.beta;
        if (f.fromModel != null) {
            if (gamma != null || beta != null) {
                throw CliException.usage("--from-model: give either --from-model or --gamma/--beta, not both");
            }
            ModelFile.Affine affine = ModelFile.read(f.fromModel);
            gamma = affine.gamma();
            beta = affine.beta();
        }
        return new Command(f.idOrRandom(), f.key, type, effective, gamma, beta, f.momentum, f.epsilon, f.issuer, 0L);
    }

    /** SET_PRIOR from its vectors, or pooled from a stats file; the core's check follows. */
    private static Command prior(ControlSendCommand f, Long effective) {
        if (f.weight == null) {
            throw CliException.usage("--weight: SET_PRIOR needs the number of values the prior counts as, >= 0");
        }
        double[] mean = f.priorMean;
        double[] variance = f.priorVariance;
        if (f.fromStats != null) {
            if (mean != null || variance != null) {
                throw CliException.usage(
                        "--from-stats: give either --from-stats or --prior-mean/--prior-variance, not both");
            }
            Prior pooled = StatsFile.pooledPrior(f.fromStats, f.weight);
            mean = pooled.meanVector();
            variance = pooled.varianceVector();
        } else if (mean == null || variance == null) {
            throw CliException.usage("--prior-mean/--prior-variance: SET_PRIOR needs both vectors, or --from-stats");
        }
        return Command.setPrior(f.idOrRandom(), f.key, effective, mean, variance, f.weight, f.issuer, 0L);
    }

    private static String priorFlag(ControlSendCommand f) {
        return f.fromStats != null
                ? "--from-stats"
                : f.priorMean != null ? "--prior-mean" : f.priorVariance != null ? "--prior-variance" : "--weight";
    }

    /** The flag a refusal of {@code CommandCheck} is about, for the message. */
    static String flagOf(Command c, Rejection refused, boolean fromModel) {
        if (c.id() == null || c.id().isBlank()) {
            return "--id";
        }
        if (c.key() == null || c.key().isEmpty()) {
            return "--key";
        }
        return switch (refused.reason()) {
            case UNAUTHORIZED_ISSUER -> "--issuer";
            default ->
                switch (c.type()) {
                    case SET_AFFINE -> fromModel ? "--from-model" : "--gamma/--beta";
                    case SET_PARAMS -> "--momentum/--epsilon";
                    case SET_PRIOR -> "--prior-mean/--prior-variance/--weight";
                    default -> "COMMAND";
                };
        };
    }

    private static String affineFlag(ControlSendCommand f) {
        return f.fromModel != null ? "--from-model" : f.gamma != null ? "--gamma" : "--beta";
    }
}
