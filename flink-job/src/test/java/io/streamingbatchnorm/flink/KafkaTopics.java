package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** One test's set of job topics on the in-process broker, with helpers to fill and drain them. */
public final class KafkaTopics {
    private final EmbeddedKafka kafka;
    public final String features;
    public final String output;
    public final String stats;
    public final String dlq;
    public final String control;

    public KafkaTopics(EmbeddedKafka kafka, String prefix, int featurePartitions) {
        this.kafka = kafka;
        this.features = prefix + "-features";
        this.output = prefix + "-normalized";
        this.stats = prefix + "-stats";
        this.dlq = prefix + "-dlq";
        this.control = prefix + "-control";
        kafka.createTopic(features, featurePartitions);
        kafka.createTopic(output, 2);
        kafka.createCompactedTopic(stats, 1);
        kafka.createTopic(dlq, 1);
        kafka.createControlTopic(control);
    }

    /** A job configuration for these topics: bounded, exactly once, frequent checkpoints. */
    public JobConfig job(int parallelism, String groupId) {
        return unboundedJob(parallelism, groupId).asBounded();
    }

    /** A job configuration for these topics that keeps running until it is stopped. */
    public JobConfig unboundedJob(int parallelism, String groupId) {
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap-servers", kafka.bootstrapServers());
        flags.put("features-topic", features);
        flags.put("output-topic", output);
        flags.put("stats-topic", stats);
        flags.put("dlq-topic", dlq);
        flags.put("control-topic", control);
        flags.put("group-id", groupId);
        flags.put("transaction-timeout", "2m");
        flags.put("parallelism", Integer.toString(parallelism));
        flags.put("starting-offsets", "earliest");
        flags.put("checkpoint-interval", "200ms");
        return JobOptions.parse(flags);
    }

    public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.timestamp(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    /**
     * Every committed record of {@code topic}, decoded, in partition order. First waits until no
     * transaction is open on the topic (its last stable offsets reach its ends), so that a job's final
     * commit, which may land just after the job reports it has finished, is not missed.
     */
    public <T> List<T> readCommitted(String topic, Function<byte[], T> decode) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedFromStart(topic)) {
            List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
            Instant deadline = Instant.now().plusSeconds(60);
            Map<TopicPartition, Long> end = stableEnd(partitions, consumer, deadline);
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(decode.apply(r.value()));
                }
            }
        }
        return out;
    }

    private Map<TopicPartition, Long> stableEnd(
            List<TopicPartition> partitions, KafkaConsumer<byte[], byte[]> committed, Instant deadline) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> all =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            all.assign(partitions);
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (stable.equals(all.endOffsets(partitions))) {
                    return stable;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("a transaction on " + partitions + " stayed open for 60 s");
                }
                all.poll(Duration.ofMillis(100));
            }
        }
    }

    /** Polls the committed records of {@code topic} until {@code count} have arrived (the job may still be running). */
    public <T> List<T> awaitCommitted(String topic, Function<byte[], T> decode, int count, Duration timeout) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedFromStart(topic)) {
            List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
            Instant deadline = Instant.now().plus(timeout);
            while (out.size() < count) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("only " + out.size() + " of " + count + " records committed to " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(decode.apply(r.value()));
                }
            }
        }
        return out;
    }

    /** A read_committed consumer assigned every partition of {@code topic}, positioned at the start. */
    private KafkaConsumer<byte[], byte[]> committedFromStart(String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
