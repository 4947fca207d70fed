package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.StatsApi.awaitVersion;
import static io.streamingbatchnorm.kafka.TestData.K2_V1;
import static io.streamingbatchnorm.kafka.TestData.K2_V2;
import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving application against a real broker, exactly-once: snapshots and serving records in,
 * normalized records and dead letters out, read with {@code read_committed}; then a restart with the
 * state directory wiped, which must rebuild the statistics store and neither lose nor repeat a record.
 */
class ServingAppITCase {
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path tmp;

    @Test
    void normalizesServingRecordsAndRebuildsTheStoreAfterARestart() throws IOException {
        ServingTraffic topics = ServingTraffic.create(KAFKA.kafka(), "restart", 3);
        Path stateDir = tmp.resolve("state");
        ServingConfig config = topics.config(KAFKA.kafka(), "serving-restart", stateDir);
        try (KafkaProducer<String, byte[]> producer = ServingTraffic.producer(KAFKA.bootstrapServers())) {
            topics.publish(producer, example("k1", 3), T0);
            topics.publish(producer, example("k1", 2), T0 + 1);
            topics.publish(producer, K2_V1, T0 + 2);
            producer.flush();

            try (ServingInstance app = ServingApp.start(config)) {
                awaitVersion(app, "k1", 3);
                awaitVersion(app, "k2", 1);
                topics.serve(producer, "a", 30, T0 + 100);
                topics.serveBad(producer, T0 + 200);
                producer.flush();
                topics.awaitCounts(KAFKA.kafka(), 30, 3);
            }

            // While the application is down: more records, and a new version of k2's statistics.
            topics.publish(producer, K2_V2, T0 + 300);
            topics.serve(producer, "b", 20, T0 + 400);
            topics.serveBytes(producer, "bad-again", new byte[] {0, 1}, T0 + 500);
            producer.flush();
            deleteRecursively(stateDir);

            try (ServingInstance app = ServingApp.start(config)) {
                awaitVersion(app, "k1", 3);
                awaitVersion(app, "k2", 2);
                assertThat(HttpGet.get(app.httpPort(), "/keys").body())
                        .isEqualTo("{\"keys\":[\"k1\",\"k2\"],\"next\":null}");
                topics.awaitCounts(KAFKA.kafka(), 50, 4);
            }
        }

        // Both instances have stopped: reading waits for no transaction, and every commit is in.
        List<ConsumerRecord<byte[], byte[]>> normalized = Topics.readCommitted(KAFKA.bootstrapServers(), topics.output);
        assertThat(normalized).hasSize(50);
        for (ConsumerRecord<byte[], byte[]> record : normalized) {
            NormalizedRecord out = AvroWire.normalizedRecords().decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(out.getKey());
            FeatureRecord in = ServingTraffic.goodRecord(out.getId());
            StatsSnapshot used =
                    out.getKey().equals("k1") ? example("k1", 3) : out.getId().startsWith("a") ? K2_V1 : K2_V2;
            assertThat(out).isEqualTo(ServingNormalizer.normalize(in, used, NormalizerConfig.defaults()));
        }
        assertThat(normalized)
                .extracting(r -> AvroWire.normalizedRecords().decode(r.value()).getId())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ServingTraffic.ids("a", 30, "b", 20));
        List<String> reasons = Topics.readCommitted(KAFKA.bootstrapServers(), topics.dlq).stream()
                .map(r -> AvroWire.deadLetters().decode(r.value()))
                .map(DeadLetter::getReason)
                .toList();
        assertThat(reasons).containsExactlyInAnyOrder("BAD_HEADER", "WRONG_DIMENSION", "NO_STATISTICS", "BAD_HEADER");
    }

    @Test
    void twoInstancesShareTheInputAndEachAnswersForEveryKey() {
        ServingTraffic topics = ServingTraffic.create(KAFKA.kafka(), "pair", 4);
        try (KafkaProducer<String, byte[]> producer = ServingTraffic.producer(KAFKA.bootstrapServers())) {
            topics.publish(producer, example("k1", 5), T0);
            topics.publish(producer, example("k2", 8), T0 + 1);
            producer.flush();
            try (ServingInstance first =
                            ServingApp.start(topics.config(KAFKA.kafka(), "serving-pair", tmp.resolve("one")));
                    ServingInstance second =
                            ServingApp.start(topics.config(KAFKA.kafka(), "serving-pair", tmp.resolve("two")))) {
                awaitVersion(first, "k2", 8);
                awaitVersion(second, "k2", 8);
                topics.awaitGroupMembers(KAFKA.kafka(), "serving-pair", 2);
                topics.serve(producer, "p", 40, T0 + 100);
                producer.flush();
                topics.awaitCounts(KAFKA.kafka(), 40, 0);

                for (ServingInstance app : List.of(first, second)) {
                    assertThat(HttpGet.get(app.httpPort(), "/keys").body())
                            .isEqualTo("{\"keys\":[\"k1\",\"k2\"],\"next\":null}");
                    assertThat(HttpGet.get(app.httpPort(), "/stats/k1/export?format=keras&frozen=true")
                                    .statusCode())
                            .isEqualTo(200);
                }
                assertThat(HttpGet.get(first.httpPort(), "/stats/k2").body())
                        .isEqualTo(HttpGet.get(second.httpPort(), "/stats/k2").body());
            }
        }
        assertThat(Topics.readCommitted(KAFKA.bootstrapServers(), topics.output))
                .extracting(r -> AvroWire.normalizedRecords().decode(r.value()).getId())
                .containsExactlyInAnyOrderElementsOf(ServingTraffic.ids("p", 40, "", 0));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThat(dir).doesNotExist();
    }
}
