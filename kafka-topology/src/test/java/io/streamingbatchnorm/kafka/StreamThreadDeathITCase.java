package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.StatsApi.awaitVersion;
import static io.streamingbatchnorm.kafka.TestData.K2_V1;
import static io.streamingbatchnorm.kafka.TestData.K2_V2;
import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.kafka.serving.ServingProcessor;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.Poll;
import io.streamingbatchnorm.testing.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once across the death of a stream thread, after Kafka Streams' own {@code EosIntegrationTest}.
 * While serving records flow, the only stream thread of an instance is interrupted while it normalizes
 * a record: the interrupt becomes an {@code InterruptException} at its next blocking Kafka call, the
 * thread dies with its transaction open and the instance stops. A restart with the same application id
 * and state directory finishes the input. Read with {@code read_committed}, every record is normalized
 * exactly once, with the statistics of the instance that committed it.
 */
class StreamThreadDeathITCase {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadDeathITCase.class);
    private static final Duration DEADLINE = ServingAppITCase.DEADLINE;
    private static final String APPLICATION_ID = "serving-thread-death";
    private static final String ID_PREFIX = "e";
    /** The kill waits for this much committed output, so that it cuts into a run with history. */
    private static final int COMMITTED_BEFORE_KILL = 300;
    /** Records sent once the first instance has died and before the second starts. */
    private static final int SENT_WHILE_DOWN = 1000;
    /**
     * A dead instance does not leave its consumer group, so the restarted one waits for its session to
     * time out; the broker's minimum instead of the 45 s default keeps that wait short.
     */
    private static final Map<String, String> SHORT_SESSION = Map.of(
            "session.timeout.ms", "6000",
            "heartbeat.interval.ms", "1000");

    private static final StatsSnapshot K1 = example("k1", 3);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path tmp;

    @Test
    void aStreamThreadKilledMidTransactionNeitherLosesNorRepeatsARecord() throws Exception {
        ServingTraffic topics = ServingTraffic.create(KAFKA.kafka(), "thread-death", 3);
        ServingConfig config = topics.config(KAFKA.kafka(), APPLICATION_ID, tmp.resolve("state"), SHORT_SESSION);
        int total;
        Set<String> committedByFirst;
        try (KafkaProducer<String, byte[]> producer = ServingTraffic.producer(KAFKA.bootstrapServers())) {
            topics.publish(producer, K1, T0);
            topics.publish(producer, K2_V1, T0 + 1);
            producer.flush();

            int sentWhileRunning = runAndKillFirstInstance(config, topics);
            // Now, without waiting: the dead thread's transaction stays open until the restart fences it.
            committedByFirst = ids(Topics.readCommittedSoFar(KAFKA.bootstrapServers(), topics.output));
            assertThat(committedByFirst).hasSizeGreaterThanOrEqualTo(COMMITTED_BEFORE_KILL);

            // While no instance runs: more input, and a new version of k2's statistics.
            topics.serve(producer, ID_PREFIX, sentWhileRunning, SENT_WHILE_DOWN, T0);
            topics.publish(producer, K2_V2, T0 + 2);
            producer.flush();
            total = sentWhileRunning + SENT_WHILE_DOWN;

            try (ServingInstance second = ServingApp.start(config)) {
                awaitVersion(second, "k1", 3);
                awaitVersion(second, "k2", 2);
                assertThat(HttpGet.get(second.httpPort(), "/keys").body())
                        .isEqualTo("{\"keys\":[\"k1\",\"k2\"],\"next\":null}");
                topics.awaitCounts(KAFKA.kafka(), total, 0);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> output = Topics.readCommitted(KAFKA.bootstrapServers(), topics.output);
        List<NormalizedRecord> normalized = decode(output);
        assertThat(normalized)
                .extracting(NormalizedRecord::getId)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ServingTraffic.ids(ID_PREFIX, total, "", 0));
        Map<Long, StatsSnapshot> k2 = Map.of(1L, K2_V1, 2L, K2_V2);
        for (ConsumerRecord<byte[], byte[]> record : output) {
            NormalizedRecord out = AvroWire.normalizedRecords().decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(out.getKey());
            StatsSnapshot used = out.getKey().equals("k1") ? K1 : k2.get(out.getStatsVersion());
            assertThat(out)
                    .isEqualTo(ServingNormalizer.normalize(
                            ServingTraffic.goodRecord(out.getId()), used, NormalizerConfig.defaults()));
        }
        // Committed by the first instance, which only knew version 1; sent after its death, so the second's.
        assertThat(normalized)
                .filteredOn(r -> r.getKey().equals("k2") && committedByFirst.contains(r.getId()))
                .isNotEmpty()
                .extracting(NormalizedRecord::getStatsVersion)
                .containsOnly(1L);
        assertThat(normalized)
                .filteredOn(r -> r.getKey().equals("k2") && index(r) >= total - SENT_WHILE_DOWN)
                .isNotEmpty()
                .extracting(NormalizedRecord::getStatsVersion)
                .containsOnly(2L);

        // Whether the kill found a transaction with records in it is a race it wins almost always but not
        // always (the thread may finish a commit between the sample and the interrupt), so it is reported.
        int aborted =
                Topics.readUncommitted(KAFKA.bootstrapServers(), topics.output).size() - total;
        LOG.info("{} records normalized exactly once; the killed stream thread left {} aborted ones", total, aborted);
    }

    /**
     * Starts an instance with a steady flow of serving records, interrupts its stream thread once some
     * output is committed, and returns how many records were sent until the instance had stopped.
     */
    private static int runAndKillFirstInstance(ServingConfig config, ServingTraffic topics) throws Exception {
        try (ServingInstance first = ServingApp.start(config);
                SteadyInput input = SteadyInput.start(KAFKA.bootstrapServers(), topics, ID_PREFIX)) {
            awaitVersion(first, "k1", 3);
            awaitVersion(first, "k2", 1);
            Poll.until(
                    () -> Topics.readCommittedSoFar(KAFKA.bootstrapServers(), topics.output)
                            .size(),
                    n -> n >= COMMITTED_BEFORE_KILL,
                    DEADLINE,
                    COMMITTED_BEFORE_KILL + " committed outputs");
            List<Thread> streamThreads = StreamThreads.of(APPLICATION_ID);
            assertThat(streamThreads).hasSize(1);
            Thread streamThread = streamThreads.get(0);

            StreamThreads.interruptWhileIn(streamThread, ServingProcessor.class, DEADLINE);

            assertThat(first.awaitStop(DEADLINE)).as("the instance stops").isTrue();
            assertThat(first.state()).isEqualTo(KafkaStreams.State.ERROR);
            streamThread.join(DEADLINE.toMillis());
            assertThat(streamThread.isAlive())
                    .as("the interrupted stream thread is dead")
                    .isFalse();
            assertThat(StreamThreads.of(APPLICATION_ID)).isEmpty();
            int sent = input.stop(DEADLINE);
            LOG.info(
                    "{} died; {} records were sent, of its output {} records are committed and {} written",
                    streamThread.getName(),
                    sent,
                    Topics.readCommittedSoFar(KAFKA.bootstrapServers(), topics.output)
                            .size(),
                    Topics.readUncommitted(KAFKA.bootstrapServers(), topics.output)
                            .size());
            return sent;
        }
    }

    private static int index(NormalizedRecord out) {
        return Integer.parseInt(out.getId().substring(ID_PREFIX.length()));
    }

    private static Set<String> ids(List<ConsumerRecord<byte[], byte[]>> records) {
        return decode(records).stream().map(NormalizedRecord::getId).collect(Collectors.toSet());
    }

    private static List<NormalizedRecord> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> AvroWire.normalizedRecords().decode(r.value()))
                .toList();
    }
}
