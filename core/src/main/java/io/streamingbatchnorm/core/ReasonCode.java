package io.streamingbatchnorm.core;

/** Machine-readable reasons for which an input is rejected to the dead-letter output. */
public enum ReasonCode {
    /** The payload is not Avro single-object encoded (wrong or missing marker, too short). */
    BAD_HEADER,
    /** The payload's schema fingerprint is not one this version knows. */
    UNKNOWN_SCHEMA,
    /** The payload has a known header but its body cannot be decoded. */
    UNDECODABLE,
    /** A JSON line that is not a valid record. */
    UNPARSEABLE,
    /** A line of a replay file longer than {@code --max-line-bytes}; it was skipped without being read whole. */
    LINE_TOO_LONG,
    /** The record has a null or empty key. */
    MISSING_KEY,
    /** The record has no values. */
    EMPTY_VALUES,
    /** A value is +Infinity or -Infinity. */
    INFINITE_VALUE,
    /** A value's magnitude exceeds {@code --max-abs-value}, beyond which the statistics could overflow. */
    VALUE_OUT_OF_RANGE,
    /** The record's dimension differs from the dimension its key already has. */
    WRONG_DIMENSION,
    /** The record has more values than the configured maximum dimension. */
    DIMENSION_TOO_LARGE,
    /** The event time is outside the supported range (years 1 to 9999). */
    TIMESTAMP_OUT_OF_RANGE,
    /** The event time is further ahead of the job's clock than {@code --max-future}. */
    FUTURE_EVENT_TIME,
    /** The record's normalized form would be larger than the output topic or the producer accepts. */
    OUTPUT_TOO_LARGE,
    /** A control command with missing or invalid fields. */
    INVALID_COMMAND,
    /** A control command whose command name is not known. */
    UNKNOWN_COMMAND,
    /** A control command whose id was already seen. */
    DUPLICATE_COMMAND,
    /** A SET_AFFINE command whose gamma or beta length differs from its key's dimension. */
    WRONG_AFFINE_DIMENSION,
    /** A SET_PRIOR command whose mean or variance length differs from its key's dimension (or from each other). */
    WRONG_PRIOR_DIMENSION,
    /** A control command from an issuer that is not in the configured allowlist. */
    UNAUTHORIZED_ISSUER,
    /**
     * A record of a train micro-batch whose statistics came out infinite or NaN: the batch was not folded in and
     * none of its records was normalized.
     */
    NON_FINITE_STATISTICS,
    /** A record whose normalized value came out infinite or NaN (a present input), so it cannot be emitted. */
    NON_FINITE_OUTPUT,
    /** A serving record whose key has no published statistics yet. */
    NO_STATISTICS,
    /** A serving record pinned to a statistics version its key does not hold (any more, or yet). */
    VERSION_UNAVAILABLE,
    /** A serving record whose statistics version header is not a version ({@code N} or {@code G:N}). */
    INVALID_STATS_VERSION,
    /** A serving record whose processing failed unexpectedly: a fault of the application, not of the input. */
    PROCESSING_ERROR,
    /** A serving result that Kafka refused to write, such as one larger than the topic allows. */
    PRODUCTION_ERROR
}
