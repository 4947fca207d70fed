package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.cli.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of real processes while the job runs: the TaskManager running the window operator, and the
 * broker. The job recovers on its own under Flink's default restart strategy, loses and duplicates nothing, and
 * its outputs equal a replay, to the bit.
 */
@ExtendWith(LocalClusterExtension.class)
class ProcessKillITCase {
    private static final int RECORDS = 50_000;

    @TempDir
    Path dir;

    @Test
    void killingTheTaskManagerOfTheWindowsMidBatchLosesAndDuplicatesNothing() throws Exception {
        LocalCluster cluster = LocalClusterExtension.cluster();
        ClusterScenario s = new ClusterScenario("tmkill", 64, RECORDS, 20_000, 45_000, Map.of("batch-size", "50"));
        ClusterFlink flink = new ClusterFlink(cluster, dir.resolve("flink.out"));
        s.produce(0, 10_000);
        String job = flink.flinkRun(s.flags("", 2));
        ClusterFlink.await(
                "outputs committed",
                () -> s.kafka.end(s.kafka.output(""), "read_committed") > 0,
                Duration.ofMinutes(3));
        String victim = flink.taskManagerOf(job, "normalize micro-batches");

        try (ClusterScenario.Paced paced = s.producePaced(10_000, RECORDS, 250)) {
            long[] atKill = new long[2];
            ClusterFlink.await(
                    "an open transaction on the output topic",
                    () -> {
                        atKill[0] = s.kafka.end(s.kafka.output(""), "read_uncommitted");
                        atKill[1] = s.kafka.end(s.kafka.output(""), "read_committed");
                        return atKill[0] > atKill[1] && paced.sent() < RECORDS - 20_000;
                    },
                    Duration.ofMinutes(2));
            Instant killed = Instant.now();
            cluster.kill(victim);
            int sentAtKill = paced.sent();
            assertThat(atKill[0])
                    .as("output offsets read uncommitted vs committed at the kill")
                    .isGreaterThan(atKill[1]);
            String replacement = cluster.startTaskManager();
            ClusterFlink.await(
                    "the job restarted and every task running again",
                    () -> flink.lastRestart(job) >= killed.toEpochMilli() && flink.running(job),
                    Duration.ofMinutes(3));
            double recovered = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
            paced.awaitDone();

            ReplayCheck replay = s.replay(dir.resolve("replay"));
            ReplayCheck.Figures f = replay.assertSame(s.kafka.outputs("", RECORDS, Duration.ofMinutes(5)));
            ClusterFlink.await(
                    "the final statistics", () -> s.kafka.latestStats("").equals(replay.stats), Duration.ofMinutes(1));
            flink.cancel(job);
            System.out.printf(
                    "cluster b (kill -9 %s running the window operator, replacement %s): records sent at the kill %d,"
                            + " output offsets at the kill %d uncommitted vs %d committed, kills 1, recovery %.1f s"
                            + " (kill to the job restarted with every task running), %s%n",
                    victim, replacement, sentAtKill, atKill[0], atKill[1], recovered, f);
        }
    }

    @Test
    void killingTheBrokerMidStreamLosesAndDuplicatesNothing() throws Exception {
        LocalCluster cluster = LocalClusterExtension.cluster();
        ClusterScenario s = new ClusterScenario("brokerkill", 64, RECORDS, 20_000, 45_000, Map.of("batch-size", "50"));
        ClusterFlink flink = new ClusterFlink(cluster, dir.resolve("flink.out"));
        s.produce(0, 10_000);
        String job = flink.flinkRun(s.flags("", 2));
        ClusterFlink.await(
                "outputs committed",
                () -> s.kafka.end(s.kafka.output(""), "read_committed") > 0,
                Duration.ofMinutes(3));

        try (ClusterScenario.Paced paced = s.producePaced(10_000, RECORDS, 250)) {
            ClusterFlink.await("the stream flowing", () -> paced.sent() > 5_000, Duration.ofMinutes(1));
            Instant killed = Instant.now();
            cluster.kill(LocalCluster.KAFKA);
            int sentAtKill = paced.sent();
            cluster.startBroker();
            double brokerBack = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
            paced.awaitDone();
            List<String> input = s.kafka.inputIds(RECORDS, Duration.ofMinutes(2));
            assertThat(input)
                    .as("the features topic, written by the test's producer through the broker's restart")
                    .hasSize(RECORDS)
                    .doesNotHaveDuplicates();
            ReplayCheck replay = s.replay(dir.resolve("replay"));
            ReplayCheck.Figures f = replay.assertSame(s.kafka.outputs("", RECORDS, Duration.ofMinutes(6)));
            double recovered = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
            ClusterFlink.await(
                    "the final statistics", () -> s.kafka.latestStats("").equals(replay.stats), Duration.ofMinutes(1));
            flink.cancel(job);
            System.out.printf(
                    "cluster c (kill -9 of the broker, restarted on its log directory): records sent at the kill %d,"
                            + " kills 1, broker back after %.1f s, every output committed %.1f s after the kill, %s%n",
                    sentAtKill, brokerBack, recovered, f);
        }
    }
}
