package io.streamingbatchnorm.kafka.errors;

import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;

/**
 * What the exception handlers need from the Kafka Streams configuration: the dead-letter topic, under a
 * key of this application's own (Kafka Streams passes every setting to a handler's {@code configure}).
 */
public final class HandlerSettings {
    /** The Kafka Streams setting that names the dead-letter topic for the handlers. */
    public static final String DEAD_LETTER_TOPIC = "streaming-batchnorm.dead-letter-topic";

    /** The Kafka Streams setting that hands the handlers the application's {@code ServingMetrics} (an object). */
    public static final String METRICS = "streaming-batchnorm.metrics";

    private HandlerSettings() {}

    /** The metrics to count dead letters in; a fresh one, counted nowhere, when none was given. */
    static ServingMetrics metrics(Map<String, ?> configs) {
        return configs.get(METRICS) instanceof ServingMetrics m ? m : new ServingMetrics();
    }

    static String deadLetterTopic(Map<String, ?> configs) {
        Object topic = configs.get(DEAD_LETTER_TOPIC);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(DEAD_LETTER_TOPIC + " must name the dead-letter topic");
        }
        return topic.toString();
    }

    /** A dead letter addressed to {@code topic}, keyed like the input it replaces. */
    static ProducerRecord<byte[], byte[]> record(
            String topic, long timestamp, byte[] key, byte[] letter, Headers headers) {
        return new ProducerRecord<>(topic, null, timestamp >= 0 ? timestamp : null, key, letter, headers);
    }

    /** A partition or offset from an error context, where -1 means unknown. */
    static Integer knownPartition(int partition) {
        return partition >= 0 ? partition : null;
    }

    static Long knownOffset(long offset) {
        return offset >= 0 ? offset : null;
    }
}
