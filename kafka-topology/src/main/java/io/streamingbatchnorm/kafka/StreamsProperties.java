package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.kafka.errors.DeadLetterDeserializationHandler;
import io.streamingbatchnorm.kafka.errors.DeadLetterProcessingHandler;
import io.streamingbatchnorm.kafka.errors.DeadLetterProductionHandler;
import io.streamingbatchnorm.kafka.errors.HandlerSettings;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Turns a {@link ServingConfig} into the properties of its {@code KafkaStreams} instance. */
public final class StreamsProperties {
    /** The serving producer's linger, unless the Kafka properties set one. */
    static final String DEFAULT_LINGER_MS = "5";

    private static final String PRODUCER_LINGER = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);

    private StreamsProperties() {}

    /**
     * The pass-through Kafka properties first, then the settings the application controls (which
     * {@link ServingConfig} has already refused in the pass-through ones).
     */
    public static Properties build(ServingConfig config) {
        return build(config, new ServingMetrics());
    }

    /** {@link #build(ServingConfig)}, with the dead letters of the exception handlers counted into {@code metrics}. */
    public static Properties build(ServingConfig config, ServingMetrics metrics) {
        Properties p = new Properties();
        // Statistics published by a transactional producer must be read only once committed, whatever
        // the delivery of the serving side; a user may still override it.
        p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // Kafka Streams raises its producer's linger.ms to 100 ms, which at a few thousand records a second is most
        // of a served record's latency (p50 22 ms against 10.5 ms at 5 ms, docs/benchmarks.md); the client default of
        // 5 ms is kept unless the user sets a linger of their own.
        if (!config.kafkaProperties().containsKey(ProducerConfig.LINGER_MS_CONFIG)
                && !config.kafkaProperties().containsKey(PRODUCER_LINGER)) {
            p.put(PRODUCER_LINGER, DEFAULT_LINGER_MS);
        }
        p.putAll(config.kafkaProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.effectiveBootstrapServers());
        p.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.delivery() == Delivery.EXACTLY_ONCE
                        ? StreamsConfig.EXACTLY_ONCE_V2
                        : StreamsConfig.AT_LEAST_ONCE);
        if (config.stateDir() != null) {
            p.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    config.stateDir().toAbsolutePath().toString());
        }
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        p.put(HandlerSettings.DEAD_LETTER_TOPIC, config.dlqTopic());
        p.put(HandlerSettings.METRICS, metrics);
        return p;
    }
}
