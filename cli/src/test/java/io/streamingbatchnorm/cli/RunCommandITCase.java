package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's path end to end on a real broker: {@code control} sets gamma/beta, {@code run --bounded}
 * normalizes what the features topic holds, {@code stats} shows and exports the statistics it published.
 */
class RunCommandITCase {
    private static final long T0 = 1_700_000_000_000L;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void controlThenBoundedRunThenStats() {
        // The commands' default topic names, as a deployment creates them.
        JobTopics topics = JobTopics.createDefaults(KAFKA.kafka(), 2, 2);
        String brokers = topics.bootstrapServers();
        Cli.Result control = Cli.run(
                "control",
                "SET_AFFINE",
                "--key",
                "k0",
                "--gamma",
                "2,2",
                "--beta",
                "1,1",
                "--bootstrap-servers",
                brokers);
        assertThat(control.exitCode()).as("%s", control).isZero();
        topics.produce(topics.features, features(40));

        Cli.Result run = Cli.run(
                "run",
                "--bootstrap-servers",
                brokers,
                "--bounded",
                "--starting-offsets",
                "earliest",
                "--checkpoint-interval",
                "500ms",
                "--transaction-timeout",
                "2m",
                "--batch-size",
                "5",
                "--group-id",
                "e2e");

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out())
                .contains(
                        "started on a local Flink MiniCluster",
                        "exactly-once",
                        "bounded",
                        "normalized -> features-normalized",
                        "statistics -> feature-stats",
                        "dead letters -> features-dlq");
        assertThat(run.out().lines().reduce((a, b) -> b).orElseThrow()).matches("job [0-9a-f]{32} finished");
        List<NormalizedRecord> normalized = topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode);
        assertThat(normalized)
                .hasSize(40)
                .allSatisfy(n -> assertThat(n.getMode()).isEqualTo(Mode.TRAIN));

        // The statistics' last transaction is committed before stats reads them.
        Topics.readCommitted(brokers, topics.stats);
        Cli.Result stats = Cli.run("stats", "--bootstrap-servers", brokers, "--key", "k0", "--format", "json");
        assertThat(stats.exitCode()).as("%s", stats).isZero();
        StatsSnapshot k0 = JsonLines.parseStatsSnapshot(stats.out().strip());
        assertThat(k0.getVersion()).as("20 records in batches of 5").isEqualTo(4);
        assertThat(k0.getGamma()).containsExactly(2.0, 2.0);
        assertThat(k0.getBeta()).containsExactly(1.0, 1.0);
    }

    /** {@code n} records of two keys and two features, 100 ms apart. */
    private static List<ProducerRecord<byte[], byte[]>> features(int n) {
        Random random = new Random(7);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "k" + (i % 2);
            FeatureRecord r = FeatureRecord.newBuilder()
                    .setKey(key)
                    .setEventTime(Instant.ofEpochMilli(T0 + 100L * i))
                    .setValues(List.of(10 + random.nextGaussian(), -5 + 3 * random.nextGaussian()))
                    .setId("r" + i)
                    .build();
            out.add(new ProducerRecord<>(
                    "features",
                    null,
                    T0 + 100L * i,
                    key.getBytes(StandardCharsets.UTF_8),
                    AvroWire.featureRecords().encode(r)));
        }
        return out;
    }
}
