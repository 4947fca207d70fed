package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.kafka.ControlTopicReader;
import io.streamingbatchnorm.flink.kafka.KafkaDeadLetterFactory;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.ById;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.Poll;
import io.streamingbatchnorm.testing.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures and restarts: a failure injected after checkpoints, and a stop with a savepoint restored at
 * another parallelism, each compared with a failure-free replay of the same records, bit for bit.
 */
class FailoverITCase {
    private static final int KEYS = 4;
    private static final int PER_KEY = 128;
    private static final int HALF = KEYS * PER_KEY / 2;
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().batchSize(8).build();
    /** Eval from the 81st record of each key, train again from the 97th: both switches fall in the second half. */
    private static final long EVAL_FROM = TestStreams.T0 + 80L * KEYS * 10;

    private static final long TRAIN_FROM = TestStreams.T0 + 96L * KEYS * 10;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.sharedCluster();

    private final List<TestStreams.Line> lines = TestStreams.roundRobin(31, KEYS, PER_KEY, 3, 10);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aFailureAfterTwoCheckpointsLosesAndDuplicatesNothing(String backend) throws Exception {
        JobTopics topics = prepare("fail-" + backend);
        JobConfig job = TestJobs.job(topics, "fail-" + backend, Map.of("parallelism", "2", "state-backend", backend));
        FailOnce.reset();
        // Fail only while output sits in an open transaction, and note what the topic held at that moment.
        long[] atFailure = new long[2];
        FailOnce.condition = () -> {
            long uncommitted = Topics.readUncommitted(topics.bootstrapServers(), topics.output)
                    .size();
            long committed = Topics.readCommittedSoFar(topics.bootstrapServers(), topics.output)
                    .size();
            atFailure[0] = uncommitted;
            atFailure[1] = committed;
            return uncommitted > committed;
        };
        JobClient client = startWithFailOnce(job, restarting(new Configuration()), "failover " + backend);

        runWithFailureArmedHalfway(topics, client, FailOnce::arm);

        assertThat(FailOnce.FAILED).as("the failure was injected").isTrue();
        System.out.println("failover " + backend + ": at the failure the output held " + atFailure[0]
                + " records read uncommitted, " + atFailure[1] + " read committed, of "
                + FailOnce.RECORDS_AT_FAILURE.get() + " records read");
        assertThat(atFailure[0])
                .as("records in an open transaction at the failure")
                .isGreaterThan(atFailure[1]);
        assertThat(atFailure[0])
                .as("records in open batches at the failure: read but not yet written out")
                .isLessThan(FailOnce.RECORDS_AT_FAILURE.get());
        assertMatchesReplay(topics);
    }

    @Test
    void aFailureInTheAsynchronousPhaseOfACheckpointLeavesNoTransactionOpen() throws Exception {
        JobTopics topics = prepare("async-fail");
        JobConfig job = TestJobs.unbounded(topics, "async-fail", 2);
        FailOnce.reset();
        FailingCheckpointStorage.reset();
        Configuration conf = restarting(new Configuration());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, FailingCheckpointStorage.class.getName());
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        // A failed checkpoint must fail the job over, so that it restores from the last completed one.
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 0);
        JobClient client = startWithFailOnce(job, conf, "async checkpoint failure");

        runWithFailureArmedHalfway(topics, client, FailingCheckpointStorage::arm);

        assertThat(FailingCheckpointStorage.FAILED)
                .as("the failure was injected")
                .isTrue();
        assertThat(FailingCheckpointStorage.FAILED_IN.get())
                .as("the phase the failure hit")
                .contains("AsyncOperations");
        assertThat(FailOnce.MAX_ATTEMPT.get())
                .as("the job was restored after the failed checkpoint")
                .isPositive();
        assertThat(ongoingTransactions(job.groupId()))
                .as("transactions left open")
                .isEmpty();
        // Reading every sink topic to its end with read_committed waits for each last stable offset to reach the end.
        assertThat(topics.readCommitted(topics.dlq, AvroWire.deadLetters()::decode))
                .isEmpty();
        assertMatchesReplay(topics);
    }

    @Test
    void aSavepointTakenAtParallelismTwoRestoresAtOneAndAtThree() throws Exception {
        for (int restoredParallelism : new int[] {1, 3}) {
            JobTopics topics = prepare("rescale-" + restoredParallelism);
            JobConfig first = TestJobs.unbounded(topics, "rescale-" + restoredParallelism, 2);
            // Three records of each key past a whole number of batches: every key has a batch open, and its
            // deadline timer pending, when the savepoint is taken.
            int read = HALF + 3 * KEYS;
            topics.produce(topics.features, WireRecords.features(topics.features, lines.subList(0, read)));
            JobClient client = KafkaJob.start(first, CONFIG, new Configuration());
            awaitOutputs(topics, client, HALF);
            awaitConsumed(topics, first.groupId(), read);
            assertThat(Topics.readUncommitted(topics.bootstrapServers(), topics.output))
                    .as("the open batches are not written out yet")
                    .hasSize(HALF);
            String savepoint = client.stopWithSavepoint(
                            false,
                            dir.resolve("sp-" + restoredParallelism).toUri().toString(),
                            SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);

            topics.produce(topics.features, WireRecords.features(topics.features, lines.subList(read, lines.size())));
            // The restored job resumes from the offsets in the savepoint, in the same consumer group.
            JobConfig second = TestJobs.unbounded(topics, first.groupId(), restoredParallelism);
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient restored = KafkaJob.start(second, CONFIG, restore);
            awaitOutputs(topics, restored, lines.size());
            restored.stopWithSavepoint(
                            false,
                            dir.resolve("end-" + restoredParallelism).toUri().toString(),
                            SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);

            assertMatchesReplay(topics);
        }
    }

    /**
     * Sends the first half of the input, arms the failure once two checkpoints have completed and that half
     * is processed, sends the second half, waits for every output and stops the job with a savepoint.
     */
    private void runWithFailureArmedHalfway(JobTopics topics, JobClient client, Runnable arm) throws Exception {
        topics.produce(topics.features, WireRecords.features(topics.features, lines.subList(0, HALF)));
        Poll.until(
                () -> FailOnce.COMPLETED_CHECKPOINTS.get() >= 2 && FailOnce.RECORDS.get() >= HALF,
                Duration.ofSeconds(60),
                "two checkpoints and the first half processed");
        arm.run();
        topics.produce(topics.features, WireRecords.features(topics.features, lines.subList(HALF, lines.size())));
        awaitOutputs(topics, client, lines.size());
        client.stopWithSavepoint(false, dir.resolve("final").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }

    /** The normalization pipeline with {@link FailOnce} after the source, started without waiting. */
    private static JobClient startWithFailOnce(JobConfig job, Configuration conf, String name) throws Exception {
        StreamExecutionEnvironment env = KafkaJob.environment(job, conf);
        DataStream<InputEvent> input = KafkaJob.features(env, job, CONFIG)
                .map(new FailOnce())
                .uid("fail-once")
                .name("fail once");
        KafkaJob.sinks(
                NormalizationPipeline.build(
                        input,
                        KafkaJob.control(env, job),
                        ControlTopicReader.readAll(job, CONFIG),
                        CONFIG,
                        new KafkaDeadLetterFactory(job.featuresTopic(), job.controlTopic())),
                job);
        return env.executeAsync(name);
    }

    private static Configuration restarting(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return conf;
    }

    /**
     * Waits until the job's consumer group has committed offsets past {@code records} records of the features
     * topic: it commits them when a checkpoint completes, so those records are in that checkpoint's state.
     */
    private static void awaitConsumed(JobTopics topics, String groupId, int records) {
        Poll.until(
                () -> {
                    try (Admin admin = Admin.create(
                            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
                        return admin
                                .listConsumerGroupOffsets(groupId)
                                .partitionsToOffsetAndMetadata()
                                .get(30, TimeUnit.SECONDS)
                                .entrySet()
                                .stream()
                                .filter(e -> e.getKey().topic().equals(topics.features))
                                .mapToLong(e -> e.getValue().offset())
                                .sum();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                consumed -> consumed >= records,
                Duration.ofSeconds(60),
                records + " records consumed and checkpointed");
    }

    /** Transactions of the job's producers that the broker still holds open. */
    private static List<String> ongoingTransactions(String transactionalIdPrefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            return admin
                    .listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(transactionalIdPrefix))
                    .toList();
        }
    }

    /** Waits for {@code count} committed outputs; if they do not come, says what state the job is in and why. */
    private static void awaitOutputs(JobTopics topics, JobClient client, int count) throws Exception {
        try {
            topics.awaitCommitted(topics.output, AvroWire.normalizedRecords()::decode, count, Duration.ofMinutes(2));
        } catch (AssertionError e) {
            String status = client.getJobStatus().get(10, TimeUnit.SECONDS).toString();
            String cause = "";
            if (client.getJobStatus().get().isGloballyTerminalState()) {
                try {
                    client.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                } catch (Exception failure) {
                    java.io.StringWriter w = new java.io.StringWriter();
                    failure.printStackTrace(new java.io.PrintWriter(w));
                    cause = w.toString();
                }
            }
            throw new AssertionError(e.getMessage() + "; job " + status + " " + cause, e);
        }
    }

    private JobTopics prepare(String prefix) {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), prefix, 2);
        topics.produce(
                topics.control,
                List.of(
                        WireRecords.command(topics.control, "eval", "*", CommandType.EVAL, EVAL_FROM, null, null),
                        WireRecords.command(topics.control, "train", "*", CommandType.TRAIN, TRAIN_FROM, null, null)));
        return topics;
    }

    /** Every record exactly once, and outputs and final statistics bit-identical to a failure-free replay. */
    private void assertMatchesReplay(JobTopics topics) throws Exception {
        List<NormalizedRecord> streamed = topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode);
        assertThat(streamed).hasSize(lines.size());
        Path control = Files.write(
                dir.resolve(topics.features + "-control.jsonl"),
                List.of(
                        "{\"id\":\"eval\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + EVAL_FROM + "}",
                        "{\"id\":\"train\",\"key\":\"*\",\"command\":\"TRAIN\",\"effective_time\":" + TRAIN_FROM
                                + "}"));
        ReplayFiles files = new ReplayFiles(
                TestStreams.write(dir.resolve(topics.features + ".jsonl"), lines),
                dir.resolve(topics.features + "-out.jsonl"),
                control,
                dir.resolve(topics.features + "-stats.jsonl"),
                null);
        Replay.run(files, CONFIG, 1);
        List<NormalizedRecord> replayed = new ArrayList<>();
        for (String l : Files.readAllLines(files.output())) {
            replayed.add(JsonLines.parseNormalizedRecord(l));
        }
        assertThat(KafkaJobITCase.byId(streamed)).isEqualTo(KafkaJobITCase.byId(replayed));

        Map<String, StatsSnapshot> replayStats = ById.index(
                Files.readAllLines(files.statsOutput()).stream()
                        .map(JsonLines::parseStatsSnapshot)
                        .toList(),
                StatsSnapshot::getKey);
        assertThat(KafkaJobITCase.finalStats(topics)).isEqualTo(replayStats);
    }
}
