package io.streamingbatchnorm.testing;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The five topics of one job on a test broker, named with a prefix of their own so that tests sharing a broker
 * do not meet, created as a deployment creates them (statistics compacted, control with one partition).
 */
public final class JobTopics {
    private final String bootstrap;
    public final String features;
    public final String output;
    public final String stats;
    public final String dlq;
    public final String control;

    private JobTopics(String bootstrap, String features, String prefix) {
        this.bootstrap = bootstrap;
        this.features = features;
        this.output = prefix + "-normalized";
        this.stats = prefix + "-stats";
        this.dlq = prefix + "-dlq";
        this.control = prefix + "-control";
    }

    /** Creates the topics {@code PREFIX-features}, {@code -normalized}, {@code -stats}, {@code -dlq} and {@code -control}. */
    public static JobTopics create(EmbeddedKafka kafka, String prefix, int featurePartitions) {
        kafka.createTopic(prefix + "-features", featurePartitions);
        return createReading(kafka, prefix + "-features", prefix, 2);
    }

    /** Creates the output, statistics, dead-letter and control topics of a job reading an existing features topic. */
    public static JobTopics createReading(EmbeddedKafka kafka, String features, String prefix, int outputPartitions) {
        JobTopics t = new JobTopics(kafka.bootstrapServers(), features, prefix);
        kafka.createTopic(t.output, outputPartitions);
        kafka.createCompactedTopic(t.stats, 1);
        kafka.createTopic(t.dlq, 1);
        kafka.createControlTopic(t.control);
        return t;
    }

    /**
     * The job flags for these topics (as {@code normalize run} takes them): reading from the start in consumer
     * group {@code groupId}, frequent checkpoints, a transaction timeout the test broker accepts; {@code more}
     * adds or overrides flags.
     */
    public Map<String, String> jobFlags(String groupId, Map<String, String> more) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap-servers", bootstrap);
        flags.put("features-topic", features);
        flags.put("output-topic", output);
        flags.put("stats-topic", stats);
        flags.put("dlq-topic", dlq);
        flags.put("control-topic", control);
        flags.put("group-id", groupId);
        flags.put("transaction-timeout", "2m");
        flags.put("starting-offsets", "earliest");
        flags.put("checkpoint-interval", "200ms");
        flags.putAll(more);
        return flags;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        Topics.produce(bootstrap, topic, records);
    }

    /** Every committed record of {@code topic}, decoded, once no transaction is open on it. */
    public <T> List<T> readCommitted(String topic, Function<byte[], T> decode) {
        return Topics.readCommitted(bootstrap, topic).stream()
                .map(ConsumerRecord::value)
                .map(decode)
                .toList();
    }

    /** The first {@code count} committed records of {@code topic}, decoded; the job may still be running. */
    public <T> List<T> awaitCommitted(String topic, Function<byte[], T> decode, int count, Duration timeout) {
        return Topics.awaitCommitted(bootstrap, topic, count, timeout).stream()
                .map(ConsumerRecord::value)
                .map(decode)
                .toList();
    }
}
