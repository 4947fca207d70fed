package io.streamingbatchnorm.schemas.json;

/** Why a JSON line was rejected; the code a dead letter carries. */
public enum JsonLineError {
    /** The line is not JSON, not a single JSON object, or has content after the object. */
    UNPARSEABLE,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field has the wrong type or an out-of-range value. */
    BAD_FIELD,
    /** A control command names a command type that does not exist. */
    UNKNOWN_COMMAND
}
