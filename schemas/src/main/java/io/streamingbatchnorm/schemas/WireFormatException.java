package io.streamingbatchnorm.schemas;

import java.util.Objects;

/**
 * A payload that cannot be decoded. The message says what is wrong and how to fix it; {@link #reason()}
 * is the machine-readable code to route it by (for example into a dead letter).
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final WireError reason;

    /** Creates an exception with the given reason code and human-readable message. */
    public WireFormatException(WireError reason, String message) {
        this(reason, message, null);
    }

    /** Creates an exception with the given reason code, message and underlying cause. */
    public WireFormatException(WireError reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The machine-readable reason code. */
    public WireError reason() {
        return reason;
    }
}
