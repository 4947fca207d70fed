package io.streamingbatchnorm.core;

/**
 * A control command as the core sees it, whatever its wire form.
 *
 * @param key a normalization key, or {@link #ALL_KEYS}
 * @param effectiveTime the event time from which it applies, or {@code null} for "from when it is processed"
 * @param sequence the order in which commands arrived (for example the control topic offset); breaks ties
 *     between commands with the same effective time
 */
public record Command(
        String id,
        String key,
        CommandType type,
        Long effectiveTime,
        double[] gamma,
        double[] beta,
        Double momentum,
        Double epsilon,
        String issuer,
        long sequence) {

    /** The key that addresses every key, including keys first seen later. */
    public static final String ALL_KEYS = "*";

    public boolean appliesTo(String recordKey) {
        return ALL_KEYS.equals(key) || key.equals(recordKey);
    }

    /** The effective time used for ordering: commands without one come first, in arrival order. */
    long orderTime() {
        return effectiveTime == null ? Long.MIN_VALUE : effectiveTime;
    }
}
