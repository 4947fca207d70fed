package io.streamingbatchnorm.testing;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The six topics of one job on a test broker, created as a deployment creates them (statistics compacted,
 * control with one partition): named with a prefix of their own, so that tests sharing a broker do not meet,
 * or with the names a deployment uses by default, for the commands that read those.
 */
public final class JobTopics {
    private final EmbeddedKafka kafka;
    private final List<String> created = new ArrayList<>();
    public final String features;
    public final String output;
    public final String stats;
    public final String dlq;
    public final String control;
    public final String drift;

    private JobTopics(
            EmbeddedKafka kafka,
            String features,
            String output,
            String stats,
            String dlq,
            String control,
            String drift) {
        this.kafka = kafka;
        this.features = features;
        this.output = output;
        this.stats = stats;
        this.dlq = dlq;
        this.control = control;
        this.drift = drift;
    }

    /**
     * Creates the topics {@code PREFIX-features}, {@code -normalized}, {@code -stats}, {@code -dlq}, {@code -control}
     * and {@code -drift}.
     */
    public static JobTopics create(EmbeddedKafka kafka, String prefix, int featurePartitions) {
        JobTopics t = prefixed(kafka, prefix + "-features", prefix);
        t.createFeatures(featurePartitions);
        return t.createOutputs(2);
    }

    /**
     * Creates the output, statistics, dead-letter, control and drift topics, named with {@code prefix}, of a job reading
     * the existing topic {@code features}, which several jobs may share and which {@link #delete} leaves alone.
     */
    public static JobTopics createReading(EmbeddedKafka kafka, String features, String prefix, int outputPartitions) {
        return prefixed(kafka, features, prefix).createOutputs(outputPartitions);
    }

    /**
     * Creates the topics under the names a deployment uses when no topic flag is given: {@code features},
     * {@code features-normalized}, {@code feature-stats}, {@code features-dlq}, {@code control} and {@code
     * feature-drift}.
     */
    public static JobTopics createDefaults(EmbeddedKafka kafka, int featurePartitions, int outputPartitions) {
        JobTopics t = new JobTopics(
                kafka, "features", "features-normalized", "feature-stats", "features-dlq", "control", "feature-drift");
        t.createFeatures(featurePartitions);
        return t.createOutputs(outputPartitions);
    }

    private static JobTopics prefixed(EmbeddedKafka kafka, String features, String prefix) {
        return new JobTopics(
                kafka,
                features,
                prefix + "-normalized",
                prefix + "-stats",
                prefix + "-dlq",
                prefix + "-control",
                prefix + "-drift");
    }

    private void createFeatures(int partitions) {
        kafka.createTopic(features, partitions);
        created.add(features);
    }

    private JobTopics createOutputs(int outputPartitions) {
        kafka.createTopic(output, outputPartitions);
        kafka.createCompactedTopic(stats, 1);
        kafka.createTopic(dlq, 1);
        kafka.createControlTopic(control);
        kafka.createTopic(drift, 1);
        created.addAll(List.of(output, stats, dlq, control, drift));
        return this;
    }

    /**
     * The flags that point a job at these topics (as {@code normalize run} takes them), reading the features from
     * their start in consumer group {@code groupId}; everything else keeps the job's defaults.
     */
    public Map<String, String> topicFlags(String groupId) {
        return topicFlags(kafka.bootstrapServers(), List.of(features, output, stats, dlq, control, drift), groupId);
    }

    /**
     * The same flags for the six topics of a job on any broker, named in the order features, output, stats, dead
     * letters, control, drift: for a broker that is not an {@link EmbeddedKafka} of this JVM.
     */
    public static Map<String, String> topicFlags(String bootstrapServers, List<String> topics, String groupId) {
        List<String> names =
                List.of("features-topic", "output-topic", "stats-topic", "dlq-topic", "control-topic", "drift-topic");
        if (topics.size() != names.size()) {
            throw new IllegalArgumentException("six topics, not " + topics.size() + ": " + topics);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap-servers", bootstrapServers);
        for (int i = 0; i < names.size(); i++) {
            flags.put(names.get(i), topics.get(i));
        }
        flags.put("group-id", groupId);
        flags.put("starting-offsets", "earliest");
        return flags;
    }

    /**
     * {@link #topicFlags} for a test: checkpoints every 200 ms, so that exactly-once output shows soon, and a
     * transaction timeout the test broker accepts; {@code more} adds or overrides flags.
     */
    public Map<String, String> jobFlags(String groupId, Map<String, String> more) {
        Map<String, String> flags = topicFlags(groupId);
        flags.put("transaction-timeout", "2m");
        flags.put("checkpoint-interval", "200ms");
        flags.putAll(more);
        return flags;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Sends {@code records} to {@code topic} and waits until the broker has them all. */
    public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        Topics.produce(kafka.bootstrapServers(), topic, records);
    }

    /** Every committed record of {@code topic}, decoded, once no transaction is open on it. */
    public <T> List<T> readCommitted(String topic, Function<byte[], T> decode) {
        return decode(Topics.readCommitted(kafka.bootstrapServers(), topic), decode);
    }

    /** The first {@code count} committed records of {@code topic}, decoded; the job may still be running. */
    public <T> List<T> awaitCommitted(String topic, Function<byte[], T> decode, int count, Duration timeout) {
        return decode(Topics.awaitCommitted(kafka.bootstrapServers(), topic, count, timeout), decode);
    }

    /**
     * Waits until consumer group {@code groupId} has committed offsets covering {@code records} records of the
     * features topic: the job has read them and a checkpoint holding them has completed.
     */
    public void awaitConsumed(String groupId, long records, Duration timeout) {
        Poll.until(
                () -> {
                    try {
                        return kafka
                                .admin()
                                .listConsumerGroupOffsets(groupId)
                                .partitionsToOffsetAndMetadata()
                                .get(30, TimeUnit.SECONDS)
                                .entrySet()
                                .stream()
                                .filter(e -> e.getKey().topic().equals(features))
                                .mapToLong(e -> e.getValue().offset())
                                .sum();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                consumed -> consumed >= records,
                timeout,
                records + " records of " + features + " consumed and checkpointed by " + groupId);
    }

    /** Deletes the topics this instance created, so that a long run does not fill the disk. */
    public void delete() throws Exception {
        kafka.admin().deleteTopics(created).all().get(60, TimeUnit.SECONDS);
    }

    private static <T> List<T> decode(List<ConsumerRecord<byte[], byte[]>> records, Function<byte[], T> decode) {
        return records.stream().map(ConsumerRecord::value).map(decode).toList();
    }
}
