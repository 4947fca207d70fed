package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code normalize stats --savepoint}: a job runs on a real broker and is stopped with a savepoint; the
 * statistics read from the savepoint are the ones the job published last, in every output format.
 */
class StatsSavepointITCase {
    private static final long T0 = 1_700_000_000_000L;
    private static final int RECORDS = 40;

    @TempDir
    Path dir;

    @Test
    void theStatisticsInASavepointAreTheLastOnesTheJobPublished() throws Exception {
        String savepoint;
        String fromTopic;
        // A broker of this test's own, stopped before the savepoint is read: reading one needs no broker.
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobTopics topics = JobTopics.createDefaults(kafka, 1, 1);
            topics.produce(topics.features, features());
            JobClient job = KafkaJob.start(
                    JobOptions.parse(topics.jobFlags("savepoint-test", Map.of("checkpoint-interval", "500ms"))),
                    NormalizerConfig.builder().batchSize(5).build(),
                    new Configuration());
            Topics.awaitCommitted(kafka.bootstrapServers(), topics.output, RECORDS, Duration.ofMinutes(2));
            savepoint = job.stopWithSavepoint(
                            false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            Cli.Result topic = Cli.run("stats", "--bootstrap-servers", kafka.bootstrapServers(), "--format", "json");
            assertThat(topic.exitCode()).as("%s", topic).isZero();
            fromTopic = topic.out();
        }
        String directory = Path.of(URI.create(savepoint)).toString();

        Cli.Result json = Cli.run("stats", "--savepoint", savepoint, "--format", "json");
        Cli.Result table = Cli.run("stats", "--savepoint", directory);
        // The job ran with the default --running ema --running-variance biased: Keras' own kind of statistics.
        Cli.Result keras = Cli.run(
                "stats",
                "--savepoint",
                directory,
                "--key",
                "k1",
                "--export",
                "keras",
                "--running",
                "ema",
                "--running-variance",
                "biased");
        Cli.Result unknown = Cli.run("stats", "--savepoint", directory, "--key", "k9");

        assertThat(json.exitCode()).as("%s", json).isZero();
        List<StatsSnapshot> snapshots =
                json.out().lines().map(JsonLines::parseStatsSnapshot).toList();
        assertThat(snapshots).extracting(StatsSnapshot::getKey).containsExactly("k0", "k1");
        assertThat(snapshots).extracting(StatsSnapshot::getVersion).containsOnly(4L);
        assertThat(snapshots)
                .isEqualTo(fromTopic.lines().map(JsonLines::parseStatsSnapshot).toList());
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out().lines().toList())
                .hasSize(3)
                .satisfies(l -> assertThat(l.get(0)).startsWith("KEY").contains("VERSION", "MEAN"))
                .satisfies(l -> assertThat(l.get(1)).startsWith("k0").contains("  4  TRAIN"));
        JsonNode layer = new ObjectMapper().readTree(keras.out());
        assertThat(layer.get("format").asText()).isEqualTo("keras");
        assertThat(layer.get("weights").get("moving_mean").get(0).asDouble())
                .isEqualTo(snapshots.get(1).getRunningMean().get(0));
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no statistics for key 'k9' in savepoint", "(2 keys there)");
    }

    @Test
    void aDirectoryThatIsNoSavepointOfTheJobIsReportedInOneLine() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("_metadata"), "not a savepoint");

        Cli.Result r = Cli.run("stats", "--savepoint", dir.toString());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err())
                .startsWith("normalize stats: cannot read the statistics from savepoint '" + dir + "'")
                .contains("is it a savepoint of the normalization job?");
    }

    /** {@value #RECORDS} records of two keys: 20 each, so four whole batches of 5 per key. */
    private static List<ProducerRecord<byte[], byte[]>> features() {
        Random random = new Random(11);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String key = "k" + (i % 2);
            FeatureRecord r = FeatureRecord.newBuilder()
                    .setKey(key)
                    .setEventTime(Instant.ofEpochMilli(T0 + 100L * i))
                    .setValues(List.of(3 + random.nextGaussian(), -1 + 2 * random.nextGaussian()))
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
