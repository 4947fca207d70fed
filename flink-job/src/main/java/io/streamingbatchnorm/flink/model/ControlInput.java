package io.streamingbatchnorm.flink.model;

/** A control payload after decoding: a command still to be validated, or the dead letter it became. */
public class ControlInput {
    public StoredCommand command;
    public DeadLetterEvent rejected;
    /** Where the command came from, for its dead letter if it turns out invalid. */
    public String topic;

    public Integer partition;
    public Long offset;
    public Long line;
    public byte[] original;

    public ControlInput() {}
}
