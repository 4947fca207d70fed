package io.streamingbatchnorm.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the tests, and reads that stop at a deadline instead of sleeping. */
final class TestClients {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    private TestClients() {}

    static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(producerConfig(kafka), new StringSerializer(), new StringSerializer());
    }

    static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka, String transactionalId) {
        Map<String, Object> config = producerConfig(kafka);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Map<String, Object> producerConfig(EmbeddedKafka kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** A consumer without a group, for reading assigned partitions. */
    static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String isolationLevel) {
        return new KafkaConsumer<>(
                consumerConfig(kafka, isolationLevel), new StringDeserializer(), new StringDeserializer());
    }

    /** A consumer in a group of its own, for subscribing to topics. */
    static KafkaConsumer<String, String> groupConsumer(EmbeddedKafka kafka) {
        Map<String, Object> config = consumerConfig(kafka, "read_uncommitted");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static Map<String, Object> consumerConfig(EmbeddedKafka kafka, String isolationLevel) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        return config;
    }

    static void send(KafkaProducer<String, String> producer, String topic, List<String> values) {
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, value, value));
        }
        producer.flush();
    }

    /** Reads every partition of {@code topic} from the start up to its current end. */
    static List<ConsumerRecord<String, String>> readAll(EmbeddedKafka kafka, String topic, String isolationLevel) {
        try (KafkaConsumer<String, String> consumer = consumer(kafka, isolationLevel)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For read_committed the end offset is the last stable offset: open transactions end it.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("Did not reach the end offsets " + end + " of " + topic + " within "
                            + DEADLINE + "; read " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The partitions a consumer's metadata request finds for {@code topic}. */
    static List<PartitionInfo> partitionsFor(EmbeddedKafka kafka, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(kafka, "read_uncommitted")) {
            return consumer.partitionsFor(topic, DEADLINE);
        }
    }

    /** Subscribes with a consumer group and polls until {@code count} records arrived. */
    static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, int count) {
        try (KafkaConsumer<String, String> consumer = groupConsumer(kafka)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (records.size() < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("Consumed " + records.size() + " of " + count + " records from " + topic
                            + " within " + DEADLINE);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), DEADLINE) >= e.getValue());
    }
}
