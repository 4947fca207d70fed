package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.StatsApi.awaitVersion;
import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.VersionPin;
import io.streamingbatchnorm.testing.Poll;
import io.streamingbatchnorm.testing.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned serving against a real broker, exactly-once: a stream pinned to version 1 keeps its bits while versions
 * 2 to 5 arrive, and after a restart, with the topic emptied of those versions meanwhile, the instance still holds
 * them (its store keeps the history, not only the topic) and serves the pinned stream on.
 */
class PinnedServingITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static FeatureRecord record(int i) {
        return feature("k1", T0 + i, "p" + i, 2.0 + i / 64.0, 12.0 - i / 32.0);
    }

    private static void servePinned(KafkaProducer<String, byte[]> producer, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(
                    topic, null, T0 + i, "m" + i, AvroWire.featureRecords().encode(record(i)));
            r.headers().add(VersionPin.HEADER, "1".getBytes(StandardCharsets.UTF_8));
            producer.send(r);
        }
        producer.flush();
    }

    private static void publish(KafkaProducer<String, byte[]> producer, String topic, int version) {
        producer.send(new ProducerRecord<>(
                topic,
                null,
                T0 + version,
                "k1",
                AvroWire.statsSnapshots().encode(PinnedServingTest.version(version, 0))));
        producer.flush();
    }

    /** Waits until the committed output holds {@code normalized} records, and the dead letters none. */
    private static void awaitOutputs(String output, String dlq, int normalized) {
        Poll.until(
                () -> List.of(
                        Topics.readCommittedSoFar(kafka.bootstrapServers(), output)
                                .size(),
                        Topics.readCommittedSoFar(kafka.bootstrapServers(), dlq).size()),
                counts -> counts.equals(List.of(normalized, 0)),
                ServingAppITCase.DEADLINE,
                normalized + " normalized records and no dead letter");
    }

    @Test
    void aPinnedStreamKeepsItsBitsAndARestartKeepsTheHistory() throws Exception {
        // Not compacted, so that the test can delete its records: a compacted topic refuses that.
        String stats = "pinned-feature-stats";
        String input = "pinned-features-serving";
        String output = "pinned-features-serving-normalized";
        String dlq = "pinned-features-serving-dlq";
        kafka.createTopic(stats, 1);
        kafka.createTopic(input, 2);
        kafka.createTopic(output, 2);
        kafka.createTopic(dlq, 1);
        ServingConfig config = ServingOptions.parse(
                Map.of(
                        ServingOptions.BOOTSTRAP_SERVERS.key(),
                        kafka.bootstrapServers(),
                        ServingOptions.APPLICATION_ID.key(),
                        "serving-pinned",
                        ServingOptions.STATS_TOPIC.key(),
                        stats,
                        ServingOptions.INPUT_TOPIC.key(),
                        input,
                        ServingOptions.OUTPUT_TOPIC.key(),
                        output,
                        ServingOptions.DLQ_TOPIC.key(),
                        dlq,
                        ServingOptions.HTTP_PORT.key(),
                        "0",
                        ServingOptions.STATE_DIR.key(),
                        tmp.resolve("state").toString()),
                Map.of("commit.interval.ms", "100"));
        try (KafkaProducer<String, byte[]> producer = ServingTraffic.producer(kafka.bootstrapServers())) {
            publish(producer, stats, 1);
            try (ServingInstance app = ServingApp.start(config)) {
                awaitVersion(app, "k1", 1);
                servePinned(producer, input, 0, 20);
                for (int v = 2; v <= 5; v++) {
                    publish(producer, stats, v);
                    servePinned(producer, input, 20 * v - 20, 20 * v);
                }
                awaitVersion(app, "k1", 5);
                awaitOutputs(output, dlq, 100);
            }

            // While it is down, the topic loses versions 1 to 5 and gets version 6.
            TopicPartition partition = new TopicPartition(stats, 0);
            long end = kafka.admin()
                    .listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get()
                    .offset();
            kafka.admin()
                    .deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end)))
                    .all()
                    .get();
            publish(producer, stats, 6);

            try (ServingInstance app = ServingApp.start(config)) {
                awaitVersion(app, "k1", 6);
                JsonNode versions = JSON.readTree(
                        HttpGet.get(app.httpPort(), "/stats/k1/versions").body());
                assertThat(versions.get("versions").findValuesAsText("pin"))
                        .containsExactly("0:1", "0:2", "0:3", "0:4", "0:5", "0:6");
                servePinned(producer, input, 100, 120);
                awaitOutputs(output, dlq, 120);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> out = Topics.readCommitted(kafka.bootstrapServers(), output);
        assertThat(out).hasSize(120);
        Map<String, NormalizedRecord> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            NormalizedRecord n = AvroWire.normalizedRecords().decode(r.value());
            byId.put(n.getId(), n);
        }
        assertThat(byId).hasSize(120);
        for (int i = 0; i < 120; i++) {
            NormalizedRecord expected = ServingNormalizer.normalize(
                    record(i), PinnedServingTest.version(1, 0), NormalizerConfig.defaults());
            NormalizedRecord actual = byId.get("p" + i);
            assertThat(actual.getStatsVersion()).isEqualTo(1);
            assertThat(actual.getValues().stream()
                            .map(Double::doubleToRawLongBits)
                            .toList())
                    .as("record %d", i)
                    .isEqualTo(expected.getValues().stream()
                            .map(Double::doubleToRawLongBits)
                            .toList());
        }
    }
}
