package io.streamingbatchnorm.flink.model;

/**
 * An input the job refused, with where it came from and why. {@code line} is set for replay files,
 * {@code topic}, {@code partition} and {@code offset} for Kafka.
 */
public class DeadLetterEvent {
    public byte[] original;
    public String topic;
    public Integer partition;
    public Long offset;
    public Long line;
    public String reason;
    public String message;
    public long rejectedAt;
    /** The input's length when {@code original} holds only its first bytes; null when it is whole. */
    public Long originalLength;

    public DeadLetterEvent() {}

    public DeadLetterEvent(
            byte[] original,
            String topic,
            Integer partition,
            Long offset,
            Long line,
            String reason,
            String message,
            long rejectedAt) {
        this.original = original;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.line = line;
        this.reason = reason;
        this.message = message;
        this.rejectedAt = rejectedAt;
    }

    /** Longest message kept: a message quotes keys and values, and those can be as long as a record allows. */
    public static final int MAX_MESSAGE_CHARS = 2048;

    /**
     * Bounds this dead letter so that it can always be written: of an original longer than {@code maxBytes} only
     * its first bytes are kept, with its length; an over-long message is cut. Returns this event.
     */
    public DeadLetterEvent capped(int maxBytes) {
        if (original != null && original.length > maxBytes) {
            originalLength = (long) original.length;
            original = java.util.Arrays.copyOf(original, maxBytes);
        }
        if (message != null && message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS - 30) + "... (" + message.length() + " characters)";
        }
        return this;
    }
}
