package io.streamingbatchnorm.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/** Writes records to and reads committed records from the test broker, with deadlines instead of sleeps. */
final class TestTopics {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private TestTopics() {}

    static void produce(String bootstrap, String topic, List<ProducerRecord<byte[], byte[]>> records) {
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

    /**
     * Every committed record of {@code topic}, in partition order. Waits first until no transaction is open
     * on it, so that a job's last commit, which can land just after the job reported its end, is included.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        Instant deadline = Instant.now().plus(DEADLINE);
        try (KafkaConsumer<byte[], byte[]> committed = consumer(bootstrap, "read_committed");
                KafkaConsumer<byte[], byte[]> all = consumer(bootstrap, "read_uncommitted")) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : committed.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            all.assign(partitions);
            while (!committed.endOffsets(partitions).equals(all.endOffsets(partitions))) {
                check(deadline, "a transaction on " + topic + " stayed open");
                // Waits on the broker for up to 100 ms; the fetched records are not needed.
                all.poll(Duration.ofMillis(100));
            }
            committed.assign(partitions);
            committed.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (partitions.stream()
                    .anyMatch(tp -> committed.position(tp)
                            < committed.endOffsets(List.of(tp)).get(tp))) {
                check(deadline, "could not read " + topic + " to its end");
                committed.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
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
