package io.streamingbatchnorm.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Validates a control command on arrival, before it can change anything. */
public final class CommandCheck {
    private static final String COMMAND_NAMES =
            Arrays.stream(CommandType.values()).map(Enum::name).collect(Collectors.joining(", "));

    private CommandCheck() {}

    /** The reason {@code command} is refused, or {@code null} when it is valid. */
    public static Rejection validate(Command c, NormalizerConfig config) {
        if (c.id() == null || c.id().isBlank()) {
            return Rejection.of(ReasonCode.INVALID_COMMAND, "field 'id' is missing: every command needs a unique id");
        }
        if (c.key() == null || c.key().isEmpty()) {
            return Rejection.of(
                    ReasonCode.INVALID_COMMAND,
                    "command " + c.id() + ": field 'key' is missing: give a key, or * for all keys");
        }
        if (c.type() == null) {
            return Rejection.of(
                    ReasonCode.UNKNOWN_COMMAND,
                    "command " + c.id() + ": field 'command' must be one of " + COMMAND_NAMES);
        }
        if (!config.allowedIssuers().isEmpty()
                && (c.issuer() == null || !config.allowedIssuers().contains(c.issuer()))) {
            return Rejection.of(
                    ReasonCode.UNAUTHORIZED_ISSUER,
                    "command " + c.id() + ": issuer '" + c.issuer() + "' is not in --control-issuers");
        }
        return switch (c.type()) {
            case SET_AFFINE -> checkAffine(c, config);
            case SET_PARAMS -> checkParams(c);
            case SET_PRIOR -> PriorCheck.check(c, config);
            default -> null;
        };
    }

    private static Rejection checkAffine(Command c, NormalizerConfig config) {
        if (c.gamma() == null && c.beta() == null) {
            return Rejection.of(
                    ReasonCode.INVALID_COMMAND,
                    "command " + c.id() + ": SET_AFFINE needs field 'gamma' or 'beta' (arrays of numbers)");
        }
        if (c.gamma() != null && c.beta() != null && c.gamma().length != c.beta().length) {
            return Rejection.of(
                    ReasonCode.WRONG_AFFINE_DIMENSION,
                    "command " + c.id() + ": 'gamma' has " + c.gamma().length + " values but 'beta' has "
                            + c.beta().length + "; give both the key's dimension");
        }
        for (String field : new String[] {"gamma", "beta"}) {
            double[] v = field.equals("gamma") ? c.gamma() : c.beta();
            if (v == null) {
                continue;
            }
            if (v.length == 0 || v.length > config.maxDimension()) {
                return Rejection.of(
                        ReasonCode.WRONG_AFFINE_DIMENSION,
                        "command " + c.id() + ": '" + field
                                + "' has " + v.length + " values; it needs one per feature (1 to --max-dimension "
                                + config.maxDimension() + ")");
            }
            Rejection bad = checkValues(c, field, v, config.maxAbsValue());
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /**
     * Refuses a non-finite number and one beyond {@code bound} ({@code --max-abs-value}): gamma and beta multiply
     * and shift every output, so bounding them as the values are keeps normalized values finite (see {@link
     * NormalizerOptions#MAX_ABS_VALUE}).
     */
    static Rejection checkValues(Command c, String field, double[] v, double bound) {
        for (int j = 0; j < v.length; j++) {
            if (!Double.isFinite(v[j])) {
                return Rejection.of(
                        ReasonCode.INVALID_COMMAND,
                        "command " + c.id() + ": '" + field + "[" + j + "]' is " + v[j]
                                + "; it must be a finite number");
            }
            if (Math.abs(v[j]) > bound) {
                return Rejection.of(
                        ReasonCode.INVALID_COMMAND,
                        "command " + c.id() + ": " + RecordCheck.outOfRange(field + "[" + j + "]", v[j], bound));
            }
        }
        return null;
    }

    private static Rejection checkParams(Command c) {
        if (c.momentum() == null && c.epsilon() == null) {
            return Rejection.of(
                    ReasonCode.INVALID_COMMAND,
                    "command " + c.id() + ": SET_PARAMS needs field 'momentum' or 'epsilon'");
        }
        if (c.momentum() != null && !(c.momentum() >= 0.0 && c.momentum() < 1.0)) {
            return Rejection.of(
                    ReasonCode.INVALID_COMMAND,
                    "command " + c.id() + ": 'momentum' must be in [0, 1), got " + c.momentum());
        }
        if (c.epsilon() != null && !(c.epsilon() >= 0.0 && Double.isFinite(c.epsilon()))) {
            return Rejection.of(
                    ReasonCode.INVALID_COMMAND,
                    "command " + c.id() + ": 'epsilon' must be a finite number >= 0, got " + c.epsilon());
        }
        return null;
    }
}
