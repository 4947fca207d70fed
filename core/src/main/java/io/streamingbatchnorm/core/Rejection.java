package io.streamingbatchnorm.core;

import java.util.Objects;

/** Why an input was refused: a reason code for machines and a message, naming the field and the fix, for people. */
public record Rejection(ReasonCode reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection of(ReasonCode reason, String message) {
        return new Rejection(reason, message);
    }
}
