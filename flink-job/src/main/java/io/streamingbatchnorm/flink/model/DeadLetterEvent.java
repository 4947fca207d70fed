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
}
