package io.streamingbatchnorm.schemas.json;

import java.util.Objects;

/**
 * A JSON line that cannot be turned into a record. The message says what is wrong and how to fix it;
 * {@link #reason()} is the machine-readable code and {@link #field()} the offending field, if any.
 */
public final class JsonLineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final JsonLineError reason;
    private final String field;

    /** Creates an exception about the line as a whole. */
    public JsonLineException(JsonLineError reason, String message, Throwable cause) {
        this(reason, null, message, cause);
    }

    /** Creates an exception about one field (null when it concerns the whole line). */
    public JsonLineException(JsonLineError reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
    }

    /** The machine-readable reason code. */
    public JsonLineError reason() {
        return reason;
    }

    /** The name of the offending field, or null when the problem is not about one field. */
    public String field() {
        return field;
    }
}
