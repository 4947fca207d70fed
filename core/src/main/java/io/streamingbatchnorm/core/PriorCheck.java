package io.streamingbatchnorm.core;

/**
 * Validates a SET_PRIOR command on arrival: both vectors, of equal length between 1 and {@code --max-dimension},
 * means finite and within {@code --max-abs-value}, variances finite, at least 0 and at most the square of that
 * bound (the largest variance values within it can have), and a weight in {@code [0, 1e18]}. These bounds are what
 * keeps a key pooled with its prior finite (see {@link NormalizerOptions#LARGEST_MAX_ABS_VALUE}).
 */
final class PriorCheck {
    private PriorCheck() {}

    static Rejection check(Command c, NormalizerConfig config) {
        if (c.priorMean() == null || c.priorVariance() == null || c.priorWeight() == null) {
            return invalid(
                    c,
                    "SET_PRIOR needs fields 'prior_mean' and 'prior_variance' (arrays of numbers) and 'prior_weight'");
        }
        int n = c.priorMean().length;
        if (n != c.priorVariance().length) {
            return Rejection.of(
                    ReasonCode.WRONG_PRIOR_DIMENSION,
                    "command " + c.id() + ": 'prior_mean' has " + n + " values but 'prior_variance' has "
                            + c.priorVariance().length + "; give both the key's dimension");
        }
        if (n == 0 || n > config.maxDimension()) {
            return Rejection.of(
                    ReasonCode.WRONG_PRIOR_DIMENSION,
                    "command " + c.id() + ": 'prior_mean' has " + n
                            + " values; it needs one per feature (1 to --max-dimension " + config.maxDimension() + ")");
        }
        Rejection badMean = CommandCheck.checkValues(c, "prior_mean", c.priorMean(), config.maxAbsValue());
        if (badMean != null) {
            return badMean;
        }
        double bound = config.maxAbsValue() * config.maxAbsValue();
        double[] variance = c.priorVariance();
        for (int j = 0; j < n; j++) {
            if (!(variance[j] >= 0.0 && variance[j] <= bound)) {
                return invalid(
                        c,
                        "'prior_variance[" + j + "]' is " + variance[j] + "; it must be a number in [0, "
                                + bound + "], the square of " + NormalizerOptions.MAX_ABS_VALUE.flag() + " "
                                + NormalizerOptions.MAX_ABS_VALUE.print(config.maxAbsValue()));
            }
        }
        double k = c.priorWeight();
        if (!(k >= 0.0 && k <= Prior.MAX_WEIGHT)) {
            return invalid(
                    c,
                    "'prior_weight' is " + k + "; it must be a number in [0, " + Prior.MAX_WEIGHT
                            + "], the values the prior is worth");
        }
        return null;
    }

    private static Rejection invalid(Command c, String what) {
        return Rejection.of(ReasonCode.INVALID_COMMAND, "command " + c.id() + ": " + what);
    }
}
