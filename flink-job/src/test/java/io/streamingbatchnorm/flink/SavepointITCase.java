package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.FeatureRecord;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Savepoints as users meet them: the statistics read back out of one (State Processor API), and a
 * savepoint written by an earlier release, kept under test resources, restored by this one.
 */
class SavepointITCase {
    /** One folder per release whose savepoints are kept; {@link #main} writes a release's folder. */
    static final Path KEPT_SAVEPOINTS = Path.of("src/test/resources/savepoints");

    static final int KEYS = 3;
    static final int PER_KEY = 64;
    static final int HALF = KEYS * PER_KEY / 2;
    static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(8).build();
    static final long EVAL_FROM = TestStreams.T0 + 40L * KEYS * 10;
    static final List<TestStreams.Line> LINES = TestStreams.roundRobin(77, KEYS, PER_KEY, 2, 10);
    /** The topics and consumer group the kept savepoints name. */
    static final String KEPT = "upgrade";
    /** The event-time savepoint's job: one-second tumbling windows, no out-of-orderness. */
    static final NormalizerConfig EVENT_TIME = NormalizerConfig.builder()
            .window(Duration.ofSeconds(1))
            .maxOutOfOrderness(Duration.ZERO)
            .build();

    static final long EVENT_TIME_T0 = 1_700_000_000_000L;
    static final String LATE_ID = "late-1";

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aCountBatchSavepointOfAnEarlierReleaseRestores(String release) throws Exception {
        Path kept = KEPT_SAVEPOINTS.resolve(release).resolve("count-batches");
        assertThat(kept.resolve("_metadata")).exists();
        // The savepoint names its topics and consumer group, so the restore gets a broker of its own.
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobTopics topics = prepare(kafka, KEPT);
            // Same topics and offsets as when the savepoint was written: the first half is consumed.
            topics.produce(topics.features, WireRecords.features(topics.features, LINES));
            JobClient client = KafkaJob.start(TestJobs.unbounded(topics, KEPT, 2), CONFIG, restoring(kept, "hashmap"));
            List<NormalizedRecord> second = topics.awaitCommitted(
                    topics.output, AvroWire.normalizedRecords()::decode, LINES.size() - HALF, Duration.ofMinutes(2));
            client.stopWithSavepoint(false, dir.resolve("after").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);

            Map<String, String> expected =
                    KafkaJobITCase.byId(replay(LINES, evalCommand(), CONFIG).outputs());
            expected.keySet().removeIf(id -> Integer.parseInt(id.substring(1)) < HALF);
            assertThat(KafkaJobITCase.byId(topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode)))
                    .hasSize(second.size())
                    .isEqualTo(expected);
        }
    }

    /**
     * The richer state of an event-time job: two train keys with a window open and its timer pending, an
     * eval key, the broadcast command that switched it, and a late record already emitted. The folder
     * holds the input and what the earlier release emitted before its savepoint; the restored job must
     * emit every other record exactly as a replay of the whole input does, on either state backend.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("releasesAndBackends")
    void anEventTimeSavepointOfAnEarlierReleaseRestores(String release, String backend) throws Exception {
        Path kept = KEPT_SAVEPOINTS.resolve(release).resolve("event-time");
        List<FeatureRecord> input = Files.readAllLines(kept.resolve("input.jsonl")).stream()
                .map(JsonLines::parseFeatureRecord)
                .toList();
        int consumed = Integer.parseInt(
                Files.readString(kept.resolve("consumed-before.txt")).trim());
        Map<String, String> emittedBefore =
                ById.index(Files.readAllLines(kept.resolve("emitted-before.txt")), l -> l.substring(0, l.indexOf(' ')));
        assertThat(input.subList(consumed - 1, consumed))
                .extracting(r -> r.getId())
                .containsExactly(LATE_ID);
        assertThat(emittedBefore.get(LATE_ID)).endsWith(" late");

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobTopics topics = JobTopics.create(kafka, KEPT, 1);
            topics.produce(
                    topics.control,
                    List.of(WireRecords.command(
                            topics.control, "eval-k-eval", "eval-k", CommandType.EVAL, EVENT_TIME_T0, null, null)));
            // Offsets as they were: the savepoint's source resumes after the first `consumed` records.
            topics.produce(topics.features, WireRecords.featureRecords(topics.features, input));
            JobConfig job = TestJobs.job(topics, KEPT, Map.of("parallelism", "1", "idleness", "1h"));
            JobClient client = KafkaJob.start(job, EVENT_TIME, restoring(kept, backend));
            int restored = input.size() - emittedBefore.size();
            // Every window but the last closes by the watermark; the drain closes the last one.
            int lastWindow = (int) input.stream()
                    .filter(r -> r.getEventTime().toEpochMilli() >= lastWindowStart(input))
                    .count();
            topics.awaitCommitted(
                    topics.output, AvroWire.normalizedRecords()::decode, restored - lastWindow, Duration.ofMinutes(2));
            client.stopWithSavepoint(true, dir.resolve("after").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            List<NormalizedRecord> after = topics.awaitCommitted(
                    topics.output, AvroWire.normalizedRecords()::decode, restored, Duration.ofMinutes(2));

            // The late record was dropped from the statistics by the earlier release too: a replay without it is
            // what both releases together computed.
            Replayed reference = replay(
                    input.stream().filter(r -> !r.getId().equals(LATE_ID)).toList(),
                    "{\"id\":\"eval-k-eval\",\"key\":\"eval-k\",\"command\":\"EVAL\",\"effective_time\":"
                            + EVENT_TIME_T0 + "}",
                    EVENT_TIME);
            Map<String, String> expected = KafkaJobITCase.byId(reference.outputs());
            expected.keySet().removeAll(emittedBefore.keySet());
            assertThat(KafkaJobITCase.byId(after)).hasSize(restored).isEqualTo(expected);
            // The eval key's only snapshot was published before the savepoint, to the earlier topic.
            Map<String, StatsSnapshot> expectedStats = new HashMap<>(reference.finalStats());
            assertThat(expectedStats.remove("eval-k")).isNotNull();
            assertThat(KafkaJobITCase.finalStats(topics)).isEqualTo(expectedStats);
            // And what the earlier release emitted before its savepoint is what this release computes for it.
            for (NormalizedRecord r : reference.outputs()) {
                if (emittedBefore.containsKey(r.getId())) {
                    assertThat(emittedBefore.get(r.getId())).isEqualTo(describe(r));
                }
            }
        }
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

    static List<String> releases() throws Exception {
        try (var folders = Files.list(KEPT_SAVEPOINTS)) {
            List<String> releases = folders.filter(Files::isDirectory)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
            assertThat(releases).contains("0.1.0");
            return releases;
        }
    }

    static Stream<Arguments> releasesAndBackends() throws Exception {
        return releases().stream().flatMap(r -> Stream.of(Arguments.of(r, "hashmap"), Arguments.of(r, "rocksdb")));
    }

    record Replayed(List<NormalizedRecord> outputs, Map<String, StatsSnapshot> finalStats) {}

    private static String evalCommand() {
        return "{\"id\":\"eval\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + EVAL_FROM + "}";
    }

    private Replayed replay(List<?> lines, String command, NormalizerConfig config) throws Exception {
        Path in = dir.resolve("replay-in.jsonl");
        Files.write(in, lines.stream().map(SavepointITCase::json).toList());
        ReplayFiles files = new ReplayFiles(
                in,
                dir.resolve("replay-out.jsonl"),
                Files.write(dir.resolve("replay-control.jsonl"), List.of(command)),
                dir.resolve("replay-stats.jsonl"),
                null);
        Replay.run(files, config, 1);
        List<NormalizedRecord> out = new ArrayList<>();
        for (String l : Files.readAllLines(files.output())) {
            out.add(JsonLines.parseNormalizedRecord(l));
        }
        Map<String, StatsSnapshot> stats = ById.index(
                Files.readAllLines(files.statsOutput()).stream()
                        .map(JsonLines::parseStatsSnapshot)
                        .toList(),
                StatsSnapshot::getKey);
        return new Replayed(out, stats);
    }

    private static String json(Object line) {
        return line instanceof FeatureRecord r ? JsonLines.writeFeatureRecord(r) : ((TestStreams.Line) line).json();
    }

    private static long lastWindowStart(List<FeatureRecord> input) {
        long last = input.stream()
                .mapToLong(r -> r.getEventTime().toEpochMilli())
                .max()
                .orElseThrow();
        return Math.floorDiv(last, 1000L) * 1000L;
    }

    private static Configuration restoring(Path savepoint, String backend) {
        Configuration conf = new Configuration();
        conf.set(
                StateRecoveryOptions.SAVEPOINT_PATH,
                savepoint.toAbsolutePath().toUri().toString());
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        return conf;
    }

    /**
     * Writes this release's savepoints to {@code src/test/resources/savepoints/<release>/}, where the tests
     * above find them; run from flink-job with the release's version as the argument, once, when a release
     * changes the job's state.
     */
    public static void main(String[] args) throws Exception {
        Path target = Path.of("src/test/resources/savepoints", args[0]).toAbsolutePath();
        // Brokers of their own: this runs outside any test.
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobTopics topics = prepare(kafka, KEPT);
            topics.produce(topics.features, WireRecords.features(topics.features, LINES.subList(0, HALF)));
            copy(runFirstHalf(topics, KEPT, Files.createTempDirectory("savepoint")), target.resolve("count-batches"));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            writeEventTimeSavepoint(kafka, target.resolve("event-time"));
        }
        System.exit(0);
    }

    /** The event-time scenario: windows of two train keys open, an eval key, a late record already emitted. */
    private static void writeEventTimeSavepoint(EmbeddedKafka kafka, Path target) throws Exception {
        Random random = new Random(2026);
        List<TestStreams.Line> lines = new ArrayList<>();
        int consumed = 0;
        for (int i = 0; i < 60; i++) {
            long t = EVENT_TIME_T0 + i * 100L;
            lines.add(line("train-a", t, 1 + random.nextGaussian(), 10 + 2 * random.nextGaussian(), "a" + i));
            lines.add(line("train-b", t + 10, -3 + random.nextGaussian(), 0.5 * random.nextGaussian(), "b" + i));
            if (i < 20) {
                lines.add(line("eval-k", t + 50, random.nextGaussian(), 5 + random.nextGaussian(), "e" + i));
            }
            if (i == 29) {
                lines.add(line("train-a", EVENT_TIME_T0 + 500, 100.0, -100.0, LATE_ID));
                consumed = lines.size();
            }
        }
        JobTopics topics = JobTopics.create(kafka, KEPT, 1);
        topics.produce(
                topics.control,
                List.of(WireRecords.command(
                        topics.control, "eval-k-eval", "eval-k", CommandType.EVAL, EVENT_TIME_T0, null, null)));
        topics.produce(topics.features, WireRecords.features(topics.features, lines.subList(0, consumed - 1)));
        JobClient client = KafkaJob.start(
                TestJobs.job(topics, KEPT, Map.of("parallelism", "1", "idleness", "1h")),
                EVENT_TIME,
                new Configuration());
        // The train keys' first two windows closed, every eval record emitted; then the late record.
        topics.awaitCommitted(topics.output, AvroWire.normalizedRecords()::decode, 60, Duration.ofMinutes(2));
        topics.produce(topics.features, WireRecords.features(topics.features, lines.subList(consumed - 1, consumed)));
        topics.awaitCommitted(topics.output, AvroWire.normalizedRecords()::decode, 61, Duration.ofMinutes(2));
        topics.awaitConsumed(KEPT, consumed, Duration.ofMinutes(2));
        String savepoint = client.stopWithSavepoint(
                        false, Files.createTempDirectory("savepoint").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        copy(savepoint, target);
        List<String> emitted = new ArrayList<>();
        for (NormalizedRecord r : topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode)) {
            emitted.add(describe(r));
        }
        Files.write(
                target.resolve("input.jsonl"),
                lines.stream().map(TestStreams.Line::json).toList());
        Files.write(target.resolve("emitted-before.txt"), emitted);
        Files.writeString(target.resolve("consumed-before.txt"), consumed + "\n");
    }

    private static TestStreams.Line line(String key, long time, double x, double y, String id) {
        return new TestStreams.Line(key, time, new Double[] {x, y}, id);
    }

    /** An output as emitted-before.txt lists it: id, mode, statistics version, batch size, and whether late. */
    private static String describe(NormalizedRecord r) {
        return r.getId() + " " + r.getMode() + " v" + r.getStatsVersion() + " n=" + r.getBatchSize()
                + (r.getLate() ? " late" : "");
    }

    private static void copy(String savepoint, Path target) throws Exception {
        Files.createDirectories(target);
        try (var files = Files.list(Path.of(URI.create(savepoint)))) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
