package io.streamingbatchnorm.schemas;

/** Why a payload could not be decoded from the Kafka wire format; the code a dead letter carries. */
public enum WireError {
    /** The payload is not single-object encoded: too short, or the C3 01 marker is missing. */
    BAD_HEADER,
    /** The writer schema's fingerprint is not known to this reader (or belongs to another record). */
    UNKNOWN_SCHEMA,
    /** The header is fine but the body does not decode with the writer schema: truncated or corrupt. */
    UNDECODABLE
}
