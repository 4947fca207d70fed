package io.streamingbatchnorm.core;

/**
 * A control command as the core sees it, whatever its wire form.
 *
 * @param key a normalization key, or {@link #ALL_KEYS}
 * @param effectiveTime the event time from which it applies, or {@code null} for "from when it is processed"
 * @param priorMean SET_PRIOR's {@code prior_mean}, one per feature
 * @param priorVariance SET_PRIOR's {@code prior_variance}, one per feature
 * @param priorWeight SET_PRIOR's {@code prior_weight}, the pseudo-count k
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
        double[] priorMean,
        double[] priorVariance,
        Double priorWeight,
        String issuer,
        long sequence) {

    /** A command without prior fields: every command but SET_PRIOR. */
    public Command(
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
        this(id, key, type, effectiveTime, gamma, beta, momentum, epsilon, null, null, null, issuer, sequence);
    }

    /** A SET_PRIOR command. */
    public static Command setPrior(
            String id,
            String key,
            Long effectiveTime,
            double[] mean,
            double[] variance,
            Double weight,
            String issuer,
            long sequence) {
        return new Command(
                id,
                key,
                CommandType.SET_PRIOR,
                effectiveTime,
                null,
                null,
                null,
                null,
                mean,
                variance,
                weight,
                issuer,
                sequence);
    }

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
