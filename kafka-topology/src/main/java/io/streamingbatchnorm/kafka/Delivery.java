package io.streamingbatchnorm.kafka;

import org.apache.kafka.streams.StreamsConfig;

/** The delivery guarantee of the serving normalizer, as Kafka Streams' {@code processing.guarantee}. */
public enum Delivery {
    /** Outputs, dead letters and input offsets commit in one transaction ({@code exactly_once_v2}). */
    EXACTLY_ONCE(StreamsConfig.EXACTLY_ONCE_V2),
    /** Lower latency (no wait for a transaction commit); a restart may repeat some outputs. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String processingGuarantee;

    Delivery(String processingGuarantee) {
        this.processingGuarantee = processingGuarantee;
    }

    /** The value of Kafka Streams' {@code processing.guarantee}. */
    public String processingGuarantee() {
        return processingGuarantee;
    }
}
