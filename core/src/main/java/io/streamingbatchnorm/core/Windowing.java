package io.streamingbatchnorm.core;

/** How records of a key are grouped into micro-batches in train mode. */
public enum Windowing {
    /** The next {@code batch-size} records of the key in arrival order. */
    COUNT,
    /** Tumbling windows of event time, closed by the watermark. */
    EVENT_TIME
}
