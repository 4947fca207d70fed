package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.feature;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.Poll;
import io.streamingbatchnorm.testing.ServingTopics;
import io.streamingbatchnorm.testing.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What one broker test sends to the serving application's topics (named with a prefix of its own), the
 * application's configuration for them, and waits on what it wrote there.
 */
final class ServingTraffic {
    final String stats;
    final String input;
    final String output;
    final String dlq;

    private ServingTraffic(ServingTopics topics) {
        stats = topics.stats;
        input = topics.input;
        output = topics.output;
        dlq = topics.dlq;
    }

    static ServingTraffic create(EmbeddedKafka kafka, String prefix, int servingPartitions) {
        return new ServingTraffic(ServingTopics.create(kafka, prefix, 2, servingPartitions));
    }

    /** A producer of serving records and snapshots, keyed by strings; every send is acknowledged by the broker. */
    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    ServingConfig config(EmbeddedKafka kafka, String applicationId, Path stateDir) {
        return config(kafka, applicationId, stateDir, Map.of());
    }

    /** Like {@link #config(EmbeddedKafka, String, Path)}, with more Kafka client settings. */
    ServingConfig config(
            EmbeddedKafka kafka, String applicationId, Path stateDir, Map<String, String> kafkaProperties) {
        Map<String, String> properties = new HashMap<>(kafkaProperties);
        properties.putIfAbsent("commit.interval.ms", "100");
        return ServingOptions.parse(
                Map.of(
                        ServingOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                        ServingOptions.APPLICATION_ID.key(), applicationId,
                        ServingOptions.STATS_TOPIC.key(), stats,
                        ServingOptions.INPUT_TOPIC.key(), input,
                        ServingOptions.OUTPUT_TOPIC.key(), output,
                        ServingOptions.DLQ_TOPIC.key(), dlq,
                        ServingOptions.HTTP_BIND.key(), "127.0.0.1",
                        ServingOptions.HTTP_PORT.key(), "0",
                        ServingOptions.STATE_DIR.key(), stateDir.toString()),
                properties);
    }

    /**
     * The good serving record with id {@code <letter><i>}: key k1 for even i, k2 for odd, values
     * [i / 2, 10 - i].
     */
    static FeatureRecord goodRecord(String id) {
        int i = Integer.parseInt(id.substring(1));
        return feature(i % 2 == 0 ? "k1" : "k2", T0 + i, id, i * 0.5, 10.0 - i);
    }

    static List<String> ids(String prefix, int count, String otherPrefix, int otherCount) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        for (int i = 0; i < otherCount; i++) {
            ids.add(otherPrefix + i);
        }
        return ids;
    }

    void publish(KafkaProducer<String, byte[]> producer, StatsSnapshot snapshot, long timestamp) {
        producer.send(new ProducerRecord<>(
                stats,
                null,
                timestamp,
                snapshot.getKey(),
                AvroWire.statsSnapshots().encode(snapshot)));
    }

    /** Sends {@code count} good records under message keys that are not their normalization keys. */
    void serve(KafkaProducer<String, byte[]> producer, String idPrefix, int count, long timestamp) {
        serve(producer, idPrefix, 0, count, timestamp);
    }

    /** Like {@link #serve(KafkaProducer, String, int, long)}, with ids numbered from {@code first}. */
    void serve(KafkaProducer<String, byte[]> producer, String idPrefix, int first, int count, long timestamp) {
        for (int i = first; i < first + count; i++) {
            FeatureRecord record = goodRecord(idPrefix + i);
            serveBytes(
                    producer, "msg-" + idPrefix + i, AvroWire.featureRecords().encode(record), timestamp + i);
        }
    }

    /** Sends three bad records: undecodable, of the wrong dimension, and of a key without statistics. */
    void serveBad(KafkaProducer<String, byte[]> producer, long timestamp) {
        serveBytes(producer, "bad-bytes", new byte[] {1, 2, 3}, timestamp);
        serveBytes(
                producer,
                "bad-dimension",
                AvroWire.featureRecords().encode(feature("k1", T0, "x1", 1.0, 2.0, 3.0)),
                timestamp + 1);
        serveBytes(
                producer,
                "bad-key",
                AvroWire.featureRecords().encode(feature("k9", T0, "x2", 1.0, 2.0)),
                timestamp + 2);
    }

    void serveBytes(KafkaProducer<String, byte[]> producer, String messageKey, byte[] payload, long timestamp) {
        producer.send(new ProducerRecord<>(input, null, timestamp, messageKey, payload));
    }

    /** Waits until the committed output and dead letters are exactly these many. */
    void awaitCounts(EmbeddedKafka kafka, int normalized, int deadLetters) {
        Poll.until(
                () -> List.of(
                        Topics.readCommittedSoFar(kafka.bootstrapServers(), output)
                                .size(),
                        Topics.readCommittedSoFar(kafka.bootstrapServers(), dlq).size()),
                counts -> counts.equals(List.of(normalized, deadLetters)),
                ServingAppITCase.DEADLINE,
                normalized + " normalized records and " + deadLetters + " dead letters");
    }

    /** Waits until {@code group} has {@code members} members that each have partitions assigned. */
    void awaitGroupMembers(EmbeddedKafka kafka, String group, int members) {
        Poll.until(
                () -> describe(kafka, group),
                d -> d.members().size() == members
                        && d.members().stream()
                                .allMatch(m -> !m.assignment().topicPartitions().isEmpty()),
                ServingAppITCase.DEADLINE,
                members + " members with partitions in group " + group);
    }

    private static ConsumerGroupDescription describe(EmbeddedKafka kafka, String group) {
        try {
            return kafka.admin()
                    .describeConsumerGroups(List.of(group))
                    .all()
                    .get()
                    .get(group);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
