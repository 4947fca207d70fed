package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.core.config.KafkaOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * How the job connects to Kafka and runs on Flink: topics, delivery guarantee, checkpointing, state
 * backend, parallelism. The normalization settings are a separate {@code NormalizerConfig}.
 *
 * @param kafkaProperties client properties passed to every Kafka client as they are (security settings
 *     included); never logged
 */
public record JobConfig(
        String bootstrapServers,
        String featuresTopic,
        String outputTopic,
        String statsTopic,
        String dlqTopic,
        String controlTopic,
        String driftTopic,
        String groupId,
        Delivery delivery,
        Duration checkpointInterval,
        Duration transactionTimeout,
        int parallelism,
        StateBackend stateBackend,
        String checkpointDir,
        Duration idleness,
        Duration bufferTimeout,
        StartingOffsets startingOffsets,
        Properties kafkaProperties,
        boolean bounded,
        Duration maxFuture) {

    /** Where keyed state lives. */
    public enum StateBackend {
        HASHMAP,
        ROCKSDB
    }

    /** Where a new consumer group starts reading the features topic. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST,
        COMMITTED
    }

    public JobConfig {
        Objects.requireNonNull(delivery, "delivery");
        kafkaProperties = copy(kafkaProperties);
        JobOptions.BOOTSTRAP_SERVERS.check(bootstrapServers);
        KafkaOptions.FEATURES_TOPIC.check(featuresTopic);
        KafkaOptions.OUTPUT_TOPIC.check(outputTopic);
        KafkaOptions.STATS_TOPIC.check(statsTopic);
        KafkaOptions.DLQ_TOPIC.check(dlqTopic);
        KafkaOptions.CONTROL_TOPIC.check(controlTopic);
        KafkaOptions.DRIFT_TOPIC.check(driftTopic);
        JobOptions.CHECKPOINT_INTERVAL.check(checkpointInterval);
        JobOptions.BUFFER_TIMEOUT.check(bufferTimeout);
        JobOptions.PARALLELISM.check(parallelism);
        JobOptions.MAX_FUTURE.check(maxFuture);
        if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
            throw new ConfigException(
                    "transaction-timeout",
                    "must be longer than --checkpoint-interval (" + Durations.format(checkpointInterval)
                            + "), or transactions expire before they commit");
        }
    }

    private static Properties copy(Properties p) {
        Properties out = new Properties();
        if (p != null) {
            out.putAll(p);
        }
        return out;
    }

    /** A fresh copy of the pass-through client properties. */
    public Properties clientProperties() {
        return copy(kafkaProperties);
    }

    /** Same configuration, reading only what the topics hold now and then finishing (tests, benchmarks). */
    public JobConfig asBounded() {
        return with(stateBackend, kafkaProperties, true);
    }

    /** Same configuration with another state backend. */
    public JobConfig withStateBackend(StateBackend backend) {
        return with(backend, kafkaProperties, bounded);
    }

    /** Same configuration with other pass-through client properties. */
    public JobConfig withClientProperties(Properties properties) {
        return with(stateBackend, properties, bounded);
    }

    private JobConfig with(StateBackend backend, Properties properties, boolean isBounded) {
        return new JobConfig(
                bootstrapServers,
                featuresTopic,
                outputTopic,
                statsTopic,
                dlqTopic,
                controlTopic,
                driftTopic,
                groupId,
                delivery,
                checkpointInterval,
                transactionTimeout,
                parallelism,
                backend,
                checkpointDir,
                idleness,
                bufferTimeout,
                startingOffsets,
                properties,
                isBounded,
                maxFuture);
    }

    /**
     * The longest a record's event time may lie ahead of this machine's clock, in milliseconds; 0 when the check
     * is off.
     */
    public long maxFutureMillis() {
        return maxFuture.toMillis();
    }

    @Override
    public String toString() {
        return "JobConfig{bootstrapServers=" + bootstrapServers + ", topics=[" + featuresTopic + ", " + outputTopic
                + ", "
                + statsTopic + ", " + dlqTopic + ", " + controlTopic + ", " + driftTopic + "], delivery=" + delivery
                + ", parallelism="
                + parallelism + ", stateBackend=" + stateBackend + ", kafkaProperties="
                + kafkaProperties.stringPropertyNames()
                + " (values hidden)}";
    }
}
