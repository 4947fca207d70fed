package io.streamingbatchnorm.core;

/**
 * Checks a normalized record before it is emitted: an infinite or NaN output for a present input is not a value.
 *
 * <p>With values, gamma and beta within {@code --max-abs-value} this can only happen with a tiny epsilon (see
 * {@link NormalizerOptions#MAX_ABS_VALUE}): in eval mode, {@code |x - mean| / sqrt(variance + epsilon)} overflows
 * when epsilon is 0 and a frozen variance is tiny. The engine sends such a record to the dead letters instead of
 * emitting it.
 */
public final class OutputCheck {
    private OutputCheck() {}

    /**
     * The reason {@code output}, the normalized form of {@code input}, must not be emitted, or {@code null}. A NaN
     * output is allowed exactly where the input is missing (NaN), which {@code --missing nan} keeps missing.
     */
    public static Rejection validate(double[] input, double[] output) {
        for (int j = 0; j < output.length; j++) {
            double y = output[j];
            // One comparison for the common case: false for NaN and both infinities.
            if (Math.abs(y) <= Double.MAX_VALUE || (y != y && input[j] != input[j])) {
                continue;
            }
            return Rejection.of(
                    ReasonCode.NON_FINITE_OUTPUT,
                    "normalized 'values[" + j + "]' of input " + input[j] + " is " + y
                            + ": the variance it was normalized with is too small for this value and gamma;"
                            + " use --epsilon > 0");
        }
        return null;
    }
}
