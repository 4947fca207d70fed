package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade as an operator does it: {@code flink stop} with a savepoint while batches are open, then the job jar
 * submitted again from that savepoint, at parallelism 1 and (from the same savepoint) at 3. The outputs continue
 * bit-identical to a replay; {@code normalize stats --savepoint} reads the statistics the savepoint holds.
 */
@ExtendWith(LocalClusterExtension.class)
class SavepointUpgradeITCase {
    private static final int RECORDS = 20_000;
    private static final int FIRST = 7_777;

    @TempDir
    Path dir;

    @Test
    void aSavepointTakenMidBatchRestoresAtParallelismOneAndThree() throws Exception {
        Instant started = Instant.now();
        ClusterScenario s = new ClusterScenario("upgrade", 64, RECORDS, 9_000, 16_000, Map.of("batch-size", "50"));
        ClusterFlink flink = new ClusterFlink(LocalClusterExtension.cluster(), dir.resolve("flink.out"));
        s.produce(0, FIRST);
        String first = flink.flinkRun(s.flags("", 2));
        ClusterFlink.await("the first part consumed", () -> s.kafka.consumedAll(s.kafka.prefix), Duration.ofMinutes(3));
        String savepoint = flink.stopWithSavepoint(first);
        List<NormalizedRecord> before = s.kafka.outputs("", 0, Duration.ofMinutes(1));
        // 7,777 records over 64 keys in batches of 50: every key holds an open batch (and its timer) in the savepoint.
        assertThat(before.size())
                .as("outputs before the savepoint")
                .isLessThan(FIRST)
                .isPositive();

        statsFromTheSavepointEqualTheTopic(savepoint, s.kafka.latestStats(""));

        s.produce(FIRST, RECORDS);
        ReplayCheck replay = s.replay(dir.resolve("replay"));
        for (int parallelism : new int[] {1, 3}) {
            String suffix = "-p" + parallelism;
            s.kafka.outputs(suffix);
            String restored = flink.flinkRun(List.of("-s", savepoint), s.flags(suffix, parallelism));
            List<NormalizedRecord> after = s.kafka.outputs(suffix, RECORDS - before.size(), Duration.ofMinutes(4));
            List<NormalizedRecord> all = new ArrayList<>(before);
            all.addAll(after);
            ReplayCheck.Figures f = replay.assertSame(all);
            Map<String, StatsSnapshot> stats = new HashMap<>(s.kafka.latestStats(""));
            ClusterFlink.await(
                    "the final statistics",
                    () -> {
                        Map<String, StatsSnapshot> merged = new HashMap<>(stats);
                        merged.putAll(s.kafka.latestStats(suffix));
                        return merged.equals(replay.stats);
                    },
                    Duration.ofMinutes(1));
            flink.cancel(restored);
            System.out.printf(
                    "cluster d (flink stop with a savepoint at parallelism 2 mid-batch, %d outputs before it; restored"
                            + " at parallelism %d): %s, bit-identical to replay%n",
                    before.size(), parallelism, f);
        }
        System.out.printf(
                "cluster d: %.1f s in all%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    private static void statsFromTheSavepointEqualTheTopic(String savepoint, Map<String, StatsSnapshot> topic) {
        Cli.Result r = Cli.run("stats", "--savepoint", savepoint, "--format", "json");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, String> fromSavepoint = new TreeMap<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                StatsSnapshot s = JsonLines.parseStatsSnapshot(line);
                fromSavepoint.put(s.getKey(), JsonLines.writeStatsSnapshot(s));
            }
        }
        Map<String, String> fromTopic = new TreeMap<>();
        topic.forEach((k, v) -> fromTopic.put(k, JsonLines.writeStatsSnapshot(v)));
        assertThat(fromSavepoint)
                .as("normalize stats --savepoint against the stats topic")
                .isEqualTo(fromTopic);
        System.out.printf(
                "cluster e (normalize stats --savepoint): %d keys, the same statistics as the stats topic%n",
                fromSavepoint.size());
    }
}
