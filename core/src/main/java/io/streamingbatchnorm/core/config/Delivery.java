package io.streamingbatchnorm.core.config;

/** The delivery guarantee of an engine's Kafka outputs. */
public enum Delivery {
    /** Outputs become visible in transactions, once each; consumers read with {@code read_committed}. */
    EXACTLY_ONCE,
    /** No transactions, lowest latency; after a failure some outputs are written again. */
    AT_LEAST_ONCE
}
