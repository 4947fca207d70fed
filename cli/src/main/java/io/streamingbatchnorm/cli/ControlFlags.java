package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.cli.model.ModelFile;
import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandType;
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
        Long effective = f.effectiveTime == null ? null : EffectiveTimes.parse(f.effectiveTime);
        return new Command(f.idOrRandom(), f.key, type, effective, gamma, beta, f.momentum, f.epsilon, f.issuer, 0L);
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
                    default -> "COMMAND";
                };
        };
    }

    private static String affineFlag(ControlSendCommand f) {
        return f.fromModel != null ? "--from-model" : f.gamma != null ? "--gamma" : "--beta";
    }
}
