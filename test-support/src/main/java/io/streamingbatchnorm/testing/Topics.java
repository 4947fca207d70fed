package io.streamingbatchnorm.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/**
 * Writes records to a test broker and reads them back, with deadlines instead of sleeps.
 *
 * <p>Three reads, for three questions: {@link #readCommitted} waits until no transaction is open on the topic,
 * so that a job's last commit, which can land just after the job reported its end, is included;
 * {@link #readCommittedSoFar} is what a {@code read_committed} reader sees at this moment, for polling while
 * a writer still runs; {@link #readUncommitted} is every record written, aborted and open transactions included.
 * Reading a topic that does not exist fails, so that a wrong name cannot pass for an empty topic.
 */
public final class Topics {
    /** How long a read waits for records or for open transactions to end before it fails the test. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final String READ_COMMITTED = "read_committed";
    private static final String READ_UNCOMMITTED = "read_uncommitted";

    private Topics() {}

    /** Sends {@code records} to {@code topic} (their topic field is ignored) and waits for every acknowledgement. */
    public static void produce(String bootstrap, String topic, List<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.timestamp(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    /** Every committed record of {@code topic}, in partition order, once no transaction is open on it. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        Instant deadline = Instant.now().plus(DEADLINE);
        try (KafkaConsumer<byte[], byte[]> committed = consumer(bootstrap, READ_COMMITTED);
                KafkaConsumer<byte[], byte[]> all = consumer(bootstrap, READ_UNCOMMITTED)) {
            List<TopicPartition> partitions = partitions(committed, topic);
            all.assign(partitions);
            while (!committed.endOffsets(partitions).equals(all.endOffsets(partitions))) {
                check(deadline, "a transaction on " + topic + " stayed open");
                // Waits on the broker for up to 100 ms; the fetched records are not needed.
                all.poll(Duration.ofMillis(100));
            }
            return readToEnd(committed, partitions, deadline, topic);
        }
    }

    /**
     * The committed records of {@code topic} as of now, up to each partition's last stable offset, without
     * waiting for open transactions: for polling while the writer still runs.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommittedSoFar(String bootstrap, String topic) {
        return readNow(bootstrap, topic, READ_COMMITTED);
    }

    /** Every record written to {@code topic} as of now: committed, aborted and in open transactions. */
    public static List<ConsumerRecord<byte[], byte[]>> readUncommitted(String bootstrap, String topic) {
        return readNow(bootstrap, topic, READ_UNCOMMITTED);
    }

    /** Polls the committed records of {@code topic} until {@code count} have arrived; the writer may still run. */
    public static List<ConsumerRecord<byte[], byte[]>> awaitCommitted(
            String bootstrap, String topic, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, READ_COMMITTED)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (out.size() < count) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("only " + out.size() + " of " + count + " records committed to " + topic
                            + " within " + timeout.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * How many records of {@code topic} a {@code read_uncommitted} reader sees beyond what a {@code
     * read_committed} reader sees now: the records of open transactions (and their markers).
     */
    public static long uncommittedBeyondCommitted(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> committed = consumer(bootstrap, READ_COMMITTED);
                KafkaConsumer<byte[], byte[]> all = consumer(bootstrap, READ_UNCOMMITTED)) {
            List<TopicPartition> partitions = partitions(committed, topic);
            return sum(all.endOffsets(partitions)) - sum(committed.endOffsets(partitions));
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readNow(String bootstrap, String topic, String isolation) {
        Instant deadline = Instant.now().plus(DEADLINE);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, isolation)) {
            return readToEnd(consumer, partitions(consumer, topic), deadline, topic);
        }
    }

    /** Reads from the start to the end offsets as of the call (the last stable offsets for read_committed). */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant deadline, String topic) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            check(deadline, "could not read " + topic + " to its end " + end);
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, DEADLINE)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        if (partitions.isEmpty()) {
            throw new AssertionError("topic '" + topic + "' does not exist");
        }
        return partitions;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void check(Instant deadline, String what) {
        if (Instant.now().isAfter(deadline)) {
            throw new AssertionError(what + " within " + DEADLINE.toSeconds() + " s");
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
