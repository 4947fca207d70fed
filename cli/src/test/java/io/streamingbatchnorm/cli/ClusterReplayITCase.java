package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.NormalizedRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on the multi-process cluster, submitted as an operator does, against the broker process: its
 * outputs and final statistics equal a bounded replay of the same records and commands, to the bit.
 */
@ExtendWith(LocalClusterExtension.class)
class ClusterReplayITCase {
    @TempDir
    Path dir;

    /**
     * Count batches: 50,000 records over 64 keys through {@code flink run}. The job takes either count or event-time
     * windows, so the event-time case is a second job below.
     */
    @Test
    void fiftyThousandRecordsSubmittedWithFlinkRunEqualTheReplay() throws Exception {
        Instant started = Instant.now();
        ClusterScenario s = new ClusterScenario("countbatches", 64, 50_000, 20_000, 40_000, Map.of("batch-size", "50"));
        s.produce(0, s.input.size());
        ClusterFlink flink = new ClusterFlink(LocalClusterExtension.cluster(), dir.resolve("flink.out"));
        String job = flink.flinkRun(s.flags("", 2));
        ReplayCheck replay = s.replay(dir.resolve("replay"));

        List<NormalizedRecord> out = s.kafka.outputs("", s.input.size(), Duration.ofMinutes(5));
        ReplayCheck.Figures f = replay.assertSame(out);
        ClusterFlink.await(
                "the final statistics", () -> s.kafka.latestStats("").equals(replay.stats), Duration.ofMinutes(1));
        replay.assertSameStats(s.kafka.latestStats(""));
        flink.cancel(job);
        System.out.printf(
                "cluster a (flink run, count batches, parallelism 2): %s, keys %d, bit-identical to replay, %.1f s%n",
                f, replay.stats.size(), Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    /** One event-time key group: tumbling windows, submitted with 'normalize run --jobmanager'. */
    @Test
    void eventTimeWindowsSubmittedWithNormalizeRunEqualTheReplay() throws Exception {
        Instant started = Instant.now();
        ClusterScenario s = new ClusterScenario(
                "eventtime", 8, 4_000, 1_600, 3_200, Map.of("window", "1s", "max-out-of-orderness", "1s"));
        s.produce(0, s.input.size());
        String rest = LocalClusterExtension.cluster().restAddress();
        List<String> args = new java.util.ArrayList<>(List.of(
                "run", "--jobmanager", rest, "--job-jar", ClusterFlink.jobJar().toString(), "--detach"));
        args.addAll(s.flags("", 2));
        Cli.Result run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as("%s", run).isZero();
        Matcher m = Pattern.compile("job ([0-9a-f]{32}) started on the Flink cluster")
                .matcher(run.out());
        assertThat(m.find()).as("%s", run).isTrue();
        ReplayCheck replay = s.replay(dir.resolve("replay"));

        ReplayCheck.Figures f = replay.assertSame(s.kafka.outputs("", s.input.size(), Duration.ofMinutes(3)));
        ClusterFlink.await(
                "the final statistics", () -> s.kafka.latestStats("").equals(replay.stats), Duration.ofMinutes(1));
        new ClusterFlink(LocalClusterExtension.cluster(), dir.resolve("flink.out")).cancel(m.group(1));
        System.out.printf(
                "cluster a (normalize run --jobmanager, event-time windows of 1s): %s, bit-identical to replay,"
                        + " %.1f s%n",
                f, Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }
}
