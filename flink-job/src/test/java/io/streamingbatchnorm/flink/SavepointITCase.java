package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.flink.savepoint.SavepointStatistics;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.ById;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints as users meet them: the statistics read back out of one (State Processor API), and a
 * savepoint written by an earlier release, kept under test resources, restored by this one.
 */
class SavepointITCase {
    /** The release whose savepoint is kept; {@link #main} writes a new one when a release changes state. */
    static final String RELEASE = "0.1.0";

    static final int KEYS = 3;
    static final int PER_KEY = 64;
    static final int HALF = KEYS * PER_KEY / 2;
    static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(8).build();
    static final long EVAL_FROM = TestStreams.T0 + 40L * KEYS * 10;
    static final List<TestStreams.Line> LINES = TestStreams.roundRobin(77, KEYS, PER_KEY, 2, 10);
    /** The topics and consumer group the kept savepoint names; only the test restoring it may use them. */
    static final String KEPT = "upgrade";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.sharedCluster();

    @TempDir
    Path dir;

    @Test
    void theStatisticsInASavepointAreThoseTheJobPublished() throws Exception {
        JobTopics topics = prepare(KAFKA.kafka(), "published");
        topics.produce(topics.features, WireRecords.features(topics.features, LINES.subList(0, HALF)));
        String savepoint = runFirstHalf(topics, "published", dir.resolve("sp"));

        List<StatsEvent> read = SavepointStatistics.read(savepoint);

        Map<String, StatsSnapshot> fromSavepoint = ById.index(read, s -> s.key, RecordMapping::toAvro);
        assertThat(fromSavepoint).hasSize(KEYS).isEqualTo(KafkaJobITCase.finalStats(topics));
    }

    @Test
    void aSavepointOfTheEarlierReleaseRestores() throws Exception {
        Path kept = Path.of("src/test/resources/savepoints", RELEASE);
        assertThat(kept.resolve("_metadata")).exists();
        JobTopics topics = prepare(KAFKA.kafka(), KEPT);
        // Same topics and offsets as when the savepoint was written: the first half is consumed.
        topics.produce(topics.features, WireRecords.features(topics.features, LINES));
        Configuration restore = new Configuration();
        restore.set(
                StateRecoveryOptions.SAVEPOINT_PATH,
                kept.toAbsolutePath().toUri().toString());
        JobClient client = KafkaJob.start(TestJobs.unbounded(topics, KEPT, 2), CONFIG, restore);
        List<NormalizedRecord> second = topics.awaitCommitted(
                topics.output, AvroWire.normalizedRecords()::decode, LINES.size() - HALF, Duration.ofMinutes(2));
        client.stopWithSavepoint(false, dir.resolve("after").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);

        List<NormalizedRecord> reference = replayAll();
        Map<String, String> expected = KafkaJobITCase.byId(reference);
        expected.keySet().removeIf(id -> Integer.parseInt(id.substring(1)) < HALF);
        assertThat(KafkaJobITCase.byId(topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode)))
                .hasSize(second.size())
                .isEqualTo(expected);
    }

    static JobTopics prepare(EmbeddedKafka kafka, String prefix) {
        JobTopics topics = JobTopics.create(kafka, prefix, 2);
        topics.produce(
                topics.control,
                List.of(WireRecords.command(topics.control, "eval", "*", CommandType.EVAL, EVAL_FROM, null, null)));
        return topics;
    }

    static String runFirstHalf(JobTopics topics, String groupId, Path target) throws Exception {
        JobClient client = KafkaJob.start(TestJobs.unbounded(topics, groupId, 2), CONFIG, new Configuration());
        topics.awaitCommitted(topics.output, AvroWire.normalizedRecords()::decode, HALF, Duration.ofMinutes(2));
        return client.stopWithSavepoint(false, target.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }

    private List<NormalizedRecord> replayAll() throws Exception {
        Path control = Files.write(
                dir.resolve("control.jsonl"),
                List.of("{\"id\":\"eval\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + EVAL_FROM + "}"));
        ReplayFiles files = new ReplayFiles(
                TestStreams.write(dir.resolve("all.jsonl"), LINES), dir.resolve("out.jsonl"), control, null, null);
        Replay.run(files, CONFIG, 1);
        List<NormalizedRecord> out = new ArrayList<>();
        for (String l : Files.readAllLines(files.output())) {
            out.add(JsonLines.parseNormalizedRecord(l));
        }
        return out;
    }

    /** Writes the savepoint of this release to {@code src/test/resources/savepoints/<RELEASE>}; run from flink-job. */
    public static void main(String[] args) throws Exception {
        Path target = Path.of("src/test/resources/savepoints", RELEASE).toAbsolutePath();
        // A broker of its own: this runs outside any test.
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobTopics topics = prepare(kafka, KEPT);
            topics.produce(topics.features, WireRecords.features(topics.features, LINES.subList(0, HALF)));
            Path written =
                    Path.of(java.net.URI.create(runFirstHalf(topics, KEPT, Files.createTempDirectory("savepoint"))));
            try (var files = Files.list(written)) {
                Files.createDirectories(target);
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        System.exit(0);
    }
}
