package io.streamingbatchnorm.core;

/** Validates a feature record on arrival, before it can reach any statistics. */
public final class RecordCheck {
    /** 0001-01-01T00:00:00Z: event times must lie in years 1 to 9999 so that window arithmetic cannot overflow. */
    public static final long MIN_EVENT_TIME = -62_135_596_800_000L;
    /** 9999-12-31T23:59:59.999Z. */
    public static final long MAX_EVENT_TIME = 253_402_300_799_999L;

    private RecordCheck() {}

    /**
     * The reason a record is refused before its key's dimension is known (key, event time, values), or
     * {@code null}. Missing values are NaN and are allowed.
     */
    public static Rejection validate(String key, long eventTime, double[] values, NormalizerConfig config) {
        if (key == null || key.isEmpty()) {
            return Rejection.of(ReasonCode.MISSING_KEY, "field 'key' is empty: every record needs a normalization key");
        }
        if (eventTime < MIN_EVENT_TIME || eventTime > MAX_EVENT_TIME) {
            return Rejection.of(
                    ReasonCode.TIMESTAMP_OUT_OF_RANGE,
                    "field 'event_time' is " + eventTime + "; it must be epoch milliseconds between years 1 and 9999");
        }
        if (values == null || values.length == 0) {
            return Rejection.of(ReasonCode.EMPTY_VALUES, "field 'values' is empty: send at least one feature value");
        }
        if (values.length > config.maxDimension()) {
            return Rejection.of(
                    ReasonCode.DIMENSION_TOO_LARGE,
                    "field 'values' has " + values.length + " values, more than --max-dimension "
                            + config.maxDimension());
        }
        double bound = config.maxAbsValue();
        for (int j = 0; j < values.length; j++) {
            double x = values[j];
            // One comparison for the common case; NaN (missing) fails it and is allowed.
            if (Math.abs(x) <= bound || x != x) {
                continue;
            }
            if (Double.isInfinite(x)) {
                return Rejection.of(
                        ReasonCode.INFINITE_VALUE,
                        "field 'values[" + j + "]' is " + x + "; send a finite number, or null for a missing value");
            }
            return Rejection.of(ReasonCode.VALUE_OUT_OF_RANGE, outOfRange("values[" + j + "]", x, bound));
        }
        return null;
    }

    /** The message for a number beyond {@code --max-abs-value}, shared with the command checks. */
    static String outOfRange(String field, double value, double bound) {
        return "field '" + field + "' is " + value + ", beyond " + NormalizerOptions.MAX_ABS_VALUE.flag() + " "
                + NormalizerOptions.MAX_ABS_VALUE.print(bound) + "; send a number within +-"
                + NormalizerOptions.MAX_ABS_VALUE.print(bound)
                + " (rescale the feature, or raise the flag up to "
                + NormalizerOptions.printed(NormalizerOptions.LARGEST_MAX_ABS_VALUE) + ")";
    }

    /** The reason a record is refused because its dimension differs from its key's, or {@code null}. */
    public static Rejection checkDimension(String key, double[] values, int keyDimension) {
        if (keyDimension > 0 && values.length != keyDimension) {
            return Rejection.of(
                    ReasonCode.WRONG_DIMENSION,
                    "field 'values' has " + values.length
                            + " values but key '" + key + "' has dimension " + keyDimension
                            + "; send " + keyDimension + " values (null for missing ones) or use another key");
        }
        return null;
    }
}
