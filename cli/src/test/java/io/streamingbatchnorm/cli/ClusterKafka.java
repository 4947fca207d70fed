package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** One scenario's topics on the cluster's broker process, and reading and writing them as a client would. */
final class ClusterKafka {
    final String bootstrap;
    final String features;
    final String control;
    final String prefix;

    ClusterKafka(String bootstrap, String prefix) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.features = prefix + "-features";
        this.control = prefix + "-control";
        // Test records carry event times of 2023 as their timestamps: keep them, whatever their age.
        Map<String, String> forever = Map.of("retention.ms", "-1");
        create(new NewTopic(features, 3, (short) 1).configs(forever));
        create(new NewTopic(control, 1, (short) 1).configs(forever));
        outputs("");
    }

    /** Creates the output, stats, dead-letter and drift topics of one run, named with {@code suffix}. */
    void outputs(String suffix) {
        Map<String, String> forever = Map.of("retention.ms", "-1");
        create(new NewTopic(output(suffix), 2, (short) 1).configs(forever));
        create(new NewTopic(stats(suffix), 1, (short) 1)
                .configs(Map.of("retention.ms", "-1", "cleanup.policy", "compact")));
        create(new NewTopic(dlq(suffix), 1, (short) 1).configs(forever));
        create(new NewTopic(drift(suffix), 1, (short) 1).configs(forever));
    }

    String output(String suffix) {
        return prefix + "-normalized" + suffix;
    }

    String stats(String suffix) {
        return prefix + "-stats" + suffix;
    }

    String dlq(String suffix) {
        return prefix + "-dlq" + suffix;
    }

    String drift(String suffix) {
        return prefix + "-drift" + suffix;
    }

    /** The flags of {@code normalize run} (and of the job jar) for these topics. */
    List<String> jobFlags(String suffix, int parallelism) {
        return new ArrayList<>(List.of(
                "--bootstrap-servers",
                bootstrap,
                "--features-topic",
                features,
                "--control-topic",
                control,
                "--output-topic",
                output(suffix),
                "--stats-topic",
                stats(suffix),
                "--dlq-topic",
                dlq(suffix),
                "--drift-topic",
                drift(suffix),
                "--group-id",
                prefix,
                "--parallelism",
                Integer.toString(parallelism),
                "--checkpoint-interval",
                "2s",
                "--transaction-timeout",
                "2m",
                "--starting-offsets",
                "earliest",
                "--max-batch-delay",
                "1d"));
    }

    void produce(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            records.forEach(p::send);
            p.flush();
        }
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Keeps sending through a broker restart instead of failing the records.
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The end of {@code topic} summed over its partitions as a consumer with this isolation level sees it: the log
     * end for read_uncommitted, the last stable offset for read_committed. They differ exactly while a transaction
     * holds records that read_committed consumers do not see yet.
     */
    long end(String topic, String isolation) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(topic, isolation)) {
            return c.endOffsets(c.assignment()).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    List<NormalizedRecord> outputs(String suffix, int expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(output(suffix), "read_committed")) {
            List<NormalizedRecord> out = new ArrayList<>();
            for (byte[] v : readAll(c, timeout, expected)) {
                out.add(AvroWire.normalizedRecords().decode(v));
            }
            return out;
        }
    }

    /** The ids of the records in the features topic, as a read_committed consumer reads them. */
    List<String> inputIds(int expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(features, "read_committed")) {
            List<String> out = new ArrayList<>();
            for (byte[] v : readAll(c, timeout, expected)) {
                out.add(AvroWire.featureRecords().decode(v).getId());
            }
            return out;
        }
    }

    /** The latest snapshot of each key in the committed stats topic. */
    Map<String, StatsSnapshot> latestStats(String suffix) {
        Map<String, StatsSnapshot> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(stats(suffix), "read_committed")) {
            for (byte[] v : readAll(c, Duration.ofSeconds(60), Long.MAX_VALUE)) {
                StatsSnapshot s = AvroWire.statsSnapshots().decode(v);
                out.put(s.getKey(), s);
            }
        }
        return out;
    }

    /**
     * Reads from the start until {@code atLeast} records arrived (waiting up to {@code timeout}) and the position
     * reached the last stable offset of every partition.
     */
    private static List<byte[]> readAll(KafkaConsumer<byte[], byte[]> c, Duration timeout, long atLeast) {
        List<byte[]> out = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                out.add(r.value());
            }
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            boolean caughtUp = end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
            if ((caughtUp && (atLeast == Long.MAX_VALUE || out.size() >= atLeast))) {
                return out;
            }
            if (Instant.now().isAfter(deadline)) {
                if (atLeast == Long.MAX_VALUE) {
                    return out;
                }
                throw new AssertionError("only " + out.size() + " of " + atLeast + " records committed in " + timeout);
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String topic, String isolation) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }

    /** Whether the job's source committed offsets at the end of every partition of the features topic. */
    boolean consumedAll(String groupId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaConsumer<byte[], byte[]> c = consumer(features, "read_committed")) {
            Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
            var committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return end.entrySet().stream()
                    .allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue());
        } catch (Exception e) {
            return false;
        }
    }

    private void create(NewTopic topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic.name(), e);
        }
    }
}
