package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.ById;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import io.streamingbatchnorm.testing.ReferenceStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job on a local MiniCluster against a real in-process Kafka broker, exactly once, read with read_committed. */
class KafkaJobITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.sharedCluster();

    static List<NormalizedRecord> run(JobTopics topics, JobConfig job, NormalizerConfig config) throws Exception {
        JobClient client = KafkaJob.start(job, config, new Configuration());
        client.getJobExecutionResult().get(3, TimeUnit.MINUTES);
        return topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode);
    }

    @Test
    void trainEvalTrainThroughTheControlTopic() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "switch", 2);
        List<TestStreams.Line> lines = TestStreams.drifting(7, 3, 600, 3, 100, 0.0);
        long evalFrom = TestStreams.T0 + 200 * 100;
        long trainFrom = TestStreams.T0 + 400 * 100;
        topics.produce(
                topics.control,
                List.of(
                        WireRecords.command(topics.control, "c1", "*", CommandType.EVAL, evalFrom, null, null),
                        WireRecords.command(topics.control, "c2", "*", CommandType.TRAIN, trainFrom, null, null)));
        topics.produce(topics.features, WireRecords.features(topics.features, lines));

        NormalizerConfig config = NormalizerConfig.builder().batchSize(10).build();
        List<NormalizedRecord> out = run(topics, TestJobs.bounded(topics, "switch", 2), config);

        assertThat(out).hasSize(lines.size());
        assertThat(out.stream().map(NormalizedRecord::getId).distinct().count()).isEqualTo(lines.size());
        // The switch at evalFrom first closes each key's open batch: eval uses the version of its last train batch.
        Map<String, Long> evalVersion = new HashMap<>();
        for (NormalizedRecord r : out) {
            if (r.getEventTime().toEpochMilli() < evalFrom) {
                evalVersion.merge(r.getKey(), r.getStatsVersion(), Math::max);
            }
        }
        assertThat(evalVersion).hasSize(3).isEqualTo(frozenVersions(lines, evalFrom, trainFrom, 10));
        for (NormalizedRecord r : out) {
            long t = r.getEventTime().toEpochMilli();
            Mode expected = t >= evalFrom && t < trainFrom ? Mode.EVAL : Mode.TRAIN;
            assertThat(r.getMode()).as("mode of %s at %d", r.getId(), t).isEqualTo(expected);
            if (expected == Mode.EVAL) {
                assertThat(r.getBatchSize()).isEqualTo(1);
                assertThat(r.getStatsVersion())
                        .as("eval of %s uses the statistics frozen at the switch", r.getId())
                        .isEqualTo(evalVersion.get(r.getKey()));
            }
        }
        for (NormalizedRecord r : out) {
            if (r.getMode() == Mode.TRAIN && r.getEventTime().toEpochMilli() >= trainFrom) {
                assertThat(r.getStatsVersion()).isGreaterThan(evalVersion.get(r.getKey()));
            }
        }
        List<StatsSnapshot> stats = topics.readCommitted(topics.stats, AvroWire.statsSnapshots()::decode);
        assertThat(stats.stream()
                        .filter(s -> s.getMode() == Mode.EVAL)
                        .map(StatsSnapshot::getKey)
                        .distinct())
                .as("a snapshot announces each key's switch to eval")
                .hasSize(3);
    }

    @Test
    void badInputGoesToTheDeadLettersWithAReasonAndChangesNothing() throws Exception {
        JobTopics clean = JobTopics.create(KAFKA.kafka(), "clean", 1);
        JobTopics dirty = JobTopics.create(KAFKA.kafka(), "dirty", 1);
        List<TestStreams.Line> lines = TestStreams.drifting(11, 2, 200, 2, 10, 0.0);
        clean.produce(clean.features, WireRecords.features(clean.features, lines));

        List<ProducerRecord<byte[], byte[]>> mixed = new ArrayList<>(WireRecords.features(dirty.features, lines));
        byte[] valid = mixed.get(0).value();
        byte[] unknownFingerprint = valid.clone();
        unknownFingerprint[5] ^= 0x5A;
        mixed.add(50, WireRecords.raw(dirty.features, "key-0", new byte[] {1, 2, 3, 4, 5}));
        mixed.add(60, WireRecords.raw(dirty.features, "key-0", unknownFingerprint));
        mixed.add(
                70,
                WireRecords.feature(
                        dirty.features,
                        new TestStreams.Line(
                                "key-0", TestStreams.T0 + 700, new Double[] {1.0, Double.POSITIVE_INFINITY}, "inf")));
        mixed.add(
                80,
                WireRecords.feature(
                        dirty.features,
                        new TestStreams.Line("key-1", TestStreams.T0 + 800, new Double[] {1.0, 2.0, 3.0}, "wide")));
        dirty.produce(dirty.features, mixed);
        dirty.produce(
                dirty.control,
                List.of(
                        WireRecords.command(
                                dirty.control,
                                "a1",
                                "key-0",
                                CommandType.SET_AFFINE,
                                null,
                                List.of(2.0, 2.0, 2.0),
                                null),
                        WireRecords.raw(
                                dirty.control,
                                "key-0",
                                truncatedBody(
                                        WireRecords.command(dirty.control, "x", "k", CommandType.EVAL, null, null, null)
                                                .value()))));

        NormalizerConfig config = NormalizerConfig.builder().batchSize(8).build();
        List<NormalizedRecord> cleanOut = run(clean, TestJobs.bounded(clean, "clean", 1), config);
        List<NormalizedRecord> dirtyOut = run(dirty, TestJobs.bounded(dirty, "dirty", 1), config);

        assertThat(byId(dirtyOut)).isEqualTo(byId(cleanOut));
        List<DeadLetter> dead = dirty.readCommitted(dirty.dlq, AvroWire.deadLetters()::decode);
        assertThat(dead.stream().map(DeadLetter::getReason).collect(Collectors.toList()))
                .containsExactlyInAnyOrder(
                        "BAD_HEADER",
                        "UNKNOWN_SCHEMA",
                        "INFINITE_VALUE",
                        "WRONG_DIMENSION",
                        "WRONG_AFFINE_DIMENSION",
                        "UNDECODABLE");
        assertThat(dead).allSatisfy(d -> assertThat(d.getMessage()).isNotBlank());
        assertThat(finalStats(dirty)).isEqualTo(finalStats(clean));
    }

    @Test
    void malformedAndUnauthorizedCommandsAreRefusedAndChangeNothing() throws Exception {
        JobTopics clean = JobTopics.create(KAFKA.kafka(), "cmd-clean", 1);
        JobTopics hostile = JobTopics.create(KAFKA.kafka(), "cmd-hostile", 1);
        List<TestStreams.Line> lines = TestStreams.drifting(13, 2, 160, 2, 10, 0.0);
        clean.produce(clean.features, WireRecords.features(clean.features, lines));
        hostile.produce(hostile.features, WireRecords.features(hostile.features, lines));
        io.streamingbatchnorm.avro.ControlCommand eval = io.streamingbatchnorm.avro.ControlCommand.newBuilder()
                .setId("ok")
                .setKey("*")
                .setCommand(CommandType.EVAL)
                .setEffectiveTime(java.time.Instant.ofEpochMilli(TestStreams.T0 + 800))
                .setGamma(null)
                .setBeta(null)
                .setMomentum(null)
                .setEpsilon(null)
                .setIssuer("ops")
                .build();
        clean.produce(clean.control, List.of(WireRecords.command(clean.control, eval)));
        byte[] unknownCommand = AvroWire.controlCommands().encode(eval);
        // The command enum's index follows the two strings id and key ("ok", "*": 1+2 and 1+1 bytes).
        unknownCommand[10 + 3 + 2] = 42;
        hostile.produce(
                hostile.control,
                List.of(
                        WireRecords.command(hostile.control, eval),
                        WireRecords.raw(hostile.control, "*", unknownCommand),
                        WireRecords.command(
                                hostile.control,
                                io.streamingbatchnorm.avro.ControlCommand.newBuilder(eval)
                                        .setId("neg-eps")
                                        .setCommand(CommandType.SET_PARAMS)
                                        .setEpsilon(-1.0)
                                        .build()),
                        WireRecords.command(
                                hostile.control,
                                io.streamingbatchnorm.avro.ControlCommand.newBuilder(eval)
                                        .setId("big-momentum")
                                        .setCommand(CommandType.SET_PARAMS)
                                        .setMomentum(1.0)
                                        .build()),
                        WireRecords.command(
                                hostile.control,
                                io.streamingbatchnorm.avro.ControlCommand.newBuilder(eval)
                                        .setId("wide")
                                        .setCommand(CommandType.SET_AFFINE)
                                        .setGamma(List.of(1.0, 2.0, 3.0))
                                        .build()),
                        WireRecords.command(
                                hostile.control,
                                io.streamingbatchnorm.avro.ControlCommand.newBuilder(eval)
                                        .setCommand(CommandType.TRAIN)
                                        .build()),
                        WireRecords.command(
                                hostile.control,
                                io.streamingbatchnorm.avro.ControlCommand.newBuilder(eval)
                                        .setId("intruder")
                                        .setCommand(CommandType.RESET)
                                        .setIssuer("mallory")
                                        .build())));
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(8)
                .allowedIssuers(java.util.Set.of("ops"))
                .build();

        Map<String, String> expected = byId(run(clean, TestJobs.bounded(clean, "cmd-clean", 1), config));
        Map<String, String> actual = byId(run(hostile, TestJobs.bounded(hostile, "cmd-hostile", 1), config));

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.values()).anyMatch(v -> v.contains("|EVAL|"));
        assertThat(finalStats(hostile)).isEqualTo(finalStats(clean));
        assertThat(hostile.readCommitted(hostile.dlq, AvroWire.deadLetters()::decode).stream()
                        .map(DeadLetter::getReason))
                .containsExactlyInAnyOrder(
                        "UNDECODABLE",
                        "INVALID_COMMAND",
                        "INVALID_COMMAND",
                        "WRONG_AFFINE_DIMENSION",
                        "WRONG_AFFINE_DIMENSION",
                        "DUPLICATE_COMMAND",
                        "UNAUTHORIZED_ISSUER");
    }

    @Test
    void eventTimeWindowsCloseByTheWatermarkWhileTheJobRuns() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "running-windows", 2);
        List<TestStreams.Line> lines = TestStreams.drifting(19, 2, 300, 2, 100, 0.0);
        topics.produce(topics.features, WireRecords.features(topics.features, lines));
        NormalizerConfig config = io.streamingbatchnorm.core.NormalizerOptions.parse(Map.of("window", "5s"));
        JobClient client =
                KafkaJob.start(TestJobs.unbounded(topics, "running-windows", 1), config, new Configuration());
        try {
            // 30 s of event time in 5 s windows: all but the last window close while the job still runs,
            // which needs the control input not to hold the watermark back.
            assertThat(topics.awaitCommitted(
                            topics.output, AvroWire.normalizedRecords()::decode, 200, java.time.Duration.ofMinutes(1)))
                    .allSatisfy(r -> assertThat(r.getMode()).isEqualTo(Mode.TRAIN));
        } finally {
            client.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void outputsAreBitIdenticalAtParallelismOneAndTwo() throws Exception {
        JobTopics one = JobTopics.create(KAFKA.kafka(), "p1", 3);
        JobTopics two = JobTopics.create(KAFKA.kafka(), "p2", 3);
        List<TestStreams.Line> lines = TestStreams.drifting(3, 5, 800, 4, 10, 0.02);
        one.produce(one.features, WireRecords.features(one.features, lines));
        two.produce(two.features, WireRecords.features(two.features, lines));
        NormalizerConfig config = NormalizerConfig.builder().batchSize(16).build();

        Map<String, String> p1 = byId(run(one, TestJobs.bounded(one, "p1", 1), config));
        Map<String, String> p2 = byId(run(two, TestJobs.bounded(two, "p2", 2), config));

        assertThat(p1).hasSize(lines.size()).isEqualTo(p2);
        assertThat(finalStats(one)).isEqualTo(finalStats(two));
    }

    @Test
    void streamingOutputEqualsReplayOutputBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "parity", 2);
        List<TestStreams.Line> lines = TestStreams.drifting(23, 4, 700, 3, 10, 0.03);
        long evalFrom = TestStreams.T0 + 3_000;
        topics.produce(
                topics.control,
                List.of(
                        WireRecords.command(topics.control, "e1", "key-1", CommandType.EVAL, evalFrom, null, null),
                        WireRecords.command(
                                topics.control,
                                "a1",
                                "*",
                                CommandType.SET_AFFINE,
                                TestStreams.T0 + 5_000,
                                List.of(1.5, 0.5, 2.0),
                                List.of(0.1, 0.2, 0.3))));
        topics.produce(topics.features, WireRecords.features(topics.features, lines));
        java.nio.file.Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        java.nio.file.Path control = java.nio.file.Files.write(
                dir.resolve("control.jsonl"),
                List.of(
                        "{\"id\":\"e1\",\"key\":\"key-1\",\"command\":\"EVAL\",\"effective_time\":" + evalFrom + "}",
                        "{\"id\":\"a1\",\"key\":\"*\",\"command\":\"SET_AFFINE\",\"effective_time\":"
                                + (TestStreams.T0 + 5_000) + ",\"gamma\":[1.5,0.5,2.0],\"beta\":[0.1,0.2,0.3]}"));
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(12)
                .init(io.streamingbatchnorm.core.InitPolicy.FIRST_BATCH)
                .build();

        Map<String, String> streamed = byId(run(topics, TestJobs.bounded(topics, "parity", 2), config));
        io.streamingbatchnorm.flink.replay.ReplayFiles files =
                new io.streamingbatchnorm.flink.replay.ReplayFiles(in, dir.resolve("out.jsonl"), control, null, null);
        io.streamingbatchnorm.flink.replay.Replay.run(files, config, 1);
        List<NormalizedRecord> replayed = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(files.output())) {
            replayed.add(io.streamingbatchnorm.schemas.json.JsonLines.parseNormalizedRecord(line));
        }

        assertThat(streamed).hasSize(lines.size()).isEqualTo(byId(replayed));
        assertThat(streamed.values()).anyMatch(v -> v.contains("|EVAL|"));
    }

    /**
     * Each key's version in eval mode from {@code evalFrom} to {@code trainFrom}, worked out by the independent
     * reference over the count batches before the switch.
     */
    private static Map<String, Long> frozenVersions(
            List<TestStreams.Line> lines, long evalFrom, long trainFrom, int batchSize) {
        List<ReferenceStream.Record> untilTrain = lines.stream()
                .filter(l -> l.eventTime() < trainFrom)
                .map(TestStreams.Line::reference)
                .toList();
        Map<String, Long> switchAt = new HashMap<>();
        lines.forEach(l -> switchAt.put(l.key(), evalFrom));
        Map<String, Long> versions = new HashMap<>();
        ReferenceStream.countBatches(untilTrain, batchSize, ReferenceBatchNorm.Settings.DEFAULTS, switchAt)
                .outputs()
                .values()
                .stream()
                .filter(ReferenceStream.Output::eval)
                .forEach(o -> versions.put(o.key(), o.version()));
        return versions;
    }

    /** A payload with a valid header and a body cut short. */
    static byte[] truncatedBody(byte[] valid) {
        return java.util.Arrays.copyOf(valid, 12);
    }

    /** Each output by record id, with values as raw bits so that equality is bit-for-bit; fails on a repeated id. */
    static Map<String, String> byId(List<NormalizedRecord> out) {
        return ById.index(out, NormalizedRecord::getId, KafkaJobITCase::bits);
    }

    private static String bits(NormalizedRecord r) {
        StringBuilder b = new StringBuilder();
        for (Double v : r.getValues()) {
            b.append(v == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(v)))
                    .append(',');
        }
        return r.getKey() + "|" + r.getMode() + "|" + r.getStatsVersion() + "|" + r.getBatchSize() + "|" + b;
    }

    static Map<String, StatsSnapshot> finalStats(JobTopics topics) {
        Map<String, StatsSnapshot> last = new HashMap<>();
        for (StatsSnapshot s : topics.readCommitted(topics.stats, AvroWire.statsSnapshots()::decode)) {
            last.put(s.getKey(), s);
        }
        return last;
    }
}
