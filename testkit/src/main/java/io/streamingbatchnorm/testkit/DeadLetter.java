package io.streamingbatchnorm.testkit;

/**
 * An input record or control command the replay refused.
 *
 * @param line the 1-based number of the record among the records given (or of the command among the commands)
 * @param reason the reason code, such as {@code WRONG_DIMENSION}
 * @param original the refused record as a JSON line
 */
public record DeadLetter(long line, String reason, String message, String original) {}
