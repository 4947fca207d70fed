package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.core.DriftEvent;
import io.streamingbatchnorm.core.DriftThresholds;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayCluster;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.flink.replay.ReplaySummary;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift events of train batches and eval windows, from a replay and from the Kafka job, against the core's
 * measures worked out batch by batch here.
 */
class DriftEventsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.sharedCluster();

    private static final int BATCH = 16;

    @TempDir
    Path dir;

    @Test
    void aReplayOfAStreamThatShiftsReportsTheBatchesThatMovedAway() throws Exception {
        List<TestStreams.Line> lines = new ArrayList<>();
        lines.addAll(shifting("a", 1, 0));
        lines.addAll(shifting("b", 2, 3));
        lines.sort((x, y) -> Long.compare(x.eventTime(), y.eventTime()));
        NormalizerConfig config = NormalizerConfig.builder().batchSize(BATCH).build();

        List<DriftEvent> replayed = replayDrift(lines, null, config, 2);

        Map<String, List<DriftEvent>> byKey = byKey(replayed);
        assertThat(byKey.get("a")).isEqualTo(DriftExpectations.train("a", lines, config));
        assertThat(byKey.get("b")).isEqualTo(DriftExpectations.train("b", lines, config));
        // Key a's first 8 batches come from the distribution its statistics start with: only the shift is reported.
        DriftEvent first = byKey.get("a").get(0);
        assertThat(first.statsVersion()).isEqualTo(8);
        assertThat(first.windowSize()).isEqualTo(BATCH);
        assertThat(first.crossed()).containsExactly(0, 1);
        assertThat(first.shift()[0]).isGreaterThan(2.0);
        assertThat(first.ratio()[1]).isGreaterThan(4.0);
        // Key b has feature 1 missing from its batches but one value: it is not measured.
        assertThat(byKey.get("b")).allSatisfy(e -> assertThat(e.shift()[1]).isNaN());
    }

    @Test
    void evalRecordsAreMeasuredInWindowsAgainstTheFrozenStatistics() throws Exception {
        List<TestStreams.Line> lines = evalScript();
        long evalFrom = lines.get(5 * BATCH).eventTime();
        NormalizerConfig config = evalDriftConfig(1.0);
        String control = evalEveryKeyFrom(evalFrom);

        List<DriftEvent> replayed = replayDrift(lines, control, config, 1);

        List<DriftEvent> eval =
                replayed.stream().filter(e -> e.mode() == Mode.EVAL).toList();
        assertThat(eval).isEqualTo(DriftExpectations.eval("e", lines, evalFrom, config, new double[1]));
        assertThat(eval).hasSize(1);
        assertThat(eval.get(0).statsVersion()).isEqualTo(5);
        assertThat(eval.get(0).windowSize()).isEqualTo(20);
        assertThat(eval.get(0).firstEventTime()).isEqualTo(evalFrom + 20);
        assertThat(eval.get(0).lastEventTime()).isEqualTo(evalFrom + 39);
        assertThat(eval.get(0).crossed()).containsExactly(0);
    }

    @Test
    void theMetricsCountTheEventsAndShowTheLastLargestShift() throws Exception {
        List<TestStreams.Line> lines = evalScript();
        long evalFrom = lines.get(5 * BATCH).eventTime();
        NormalizerConfig config = evalDriftConfig(0.3);
        String control = evalEveryKeyFrom(evalFrom);
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();

        Configuration flinkConf = reporter.addToConfiguration(new Configuration());
        // A cluster of the test's own, queried before it stops: the reporter forgets every metric when it closes.
        CompletableFuture<ReplayCluster> cluster = CompletableFuture.completedFuture(ReplayCluster.start(1, flinkConf));
        try {
            List<DriftEvent> replayed = replayDrift(lines, control, config, 1, flinkConf, cluster);

            long train = replayed.stream().filter(e -> e.mode() == Mode.TRAIN).count();
            long eval = replayed.stream().filter(e -> e.mode() == Mode.EVAL).count();
            assertThat(train).isPositive();
            assertThat(eval).isPositive();
            assertThat(sumOfCounters(reporter, JobMetrics.DRIFT_EVENTS_TRAIN)).isEqualTo(train);
            assertThat(sumOfCounters(reporter, JobMetrics.DRIFT_EVENTS_EVAL)).isEqualTo(eval);
            // The last measured window is the third eval window: the gauge shows its largest shift, crossed or not.
            double[] lastMaxShift = new double[1];
            DriftExpectations.eval("e", lines, evalFrom, config, lastMaxShift);
            assertThat(gauges(reporter, JobMetrics.DRIFT_MAX_SHIFT)).containsExactly(lastMaxShift[0]);
        } finally {
            Replay.closeWhenStarted(cluster);
        }
    }

    private static long sumOfCounters(InMemoryReporter reporter, String name) {
        long sum = 0;
        for (Map<String, Metric> metrics : reporter.getMetricsByGroup().values()) {
            if (metrics.get(name) instanceof Counter c) {
                sum += c.getCount();
            }
        }
        return sum;
    }

    private static List<Object> gauges(InMemoryReporter reporter, String name) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Metric> metrics : reporter.getMetricsByGroup().values()) {
            if (metrics.get(name) instanceof Gauge<?> g) {
                out.add(g.getValue());
            }
        }
        return out;
    }

    /**
     * Key "e": 5 train batches from N(0, 1), then 70 eval records of which the second window of 20 has feature 0
     * shifted by 2.5, and the last 10 make a window that never fills.
     */
    /** Batches of {@code BATCH}, eval windows of 20 records, and a feature crossing when its shift exceeds {@code shift}. */
    private static NormalizerConfig evalDriftConfig(double shift) {
        return NormalizerConfig.builder()
                .batchSize(BATCH)
                .drift(new DriftThresholds(shift, 4.0, 20))
                .build();
    }

    private static String evalEveryKeyFrom(long evalFrom) {
        return "{\"id\":\"e1\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + evalFrom + "}";
    }

    private static List<TestStreams.Line> evalScript() {
        List<TestStreams.Line> lines = new ArrayList<>(shifting("e", 1, 0).subList(0, 5 * BATCH));
        long evalFrom = lines.get(lines.size() - 1).eventTime() + 1;
        Random r = new Random(17);
        for (int i = 0; i < 70; i++) {
            double mean = i >= 20 && i < 40 ? 2.5 : 0.0;
            lines.add(line("e", evalFrom + i, mean + r.nextGaussian(), r.nextGaussian(), "v" + i));
        }
        return lines;
    }

    @Test
    void theKafkaJobPublishesTheReplaysDriftEventsBitForBit() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "drift-parity", 2);
        List<TestStreams.Line> lines = TestStreams.drifting(23, 4, 700, 3, 10, 0.03);
        long evalFrom = TestStreams.T0 + 3_000;
        topics.produce(
                topics.control,
                List.of(WireRecords.command(topics.control, "e1", "key-1", CommandType.EVAL, evalFrom, null, null)));
        topics.produce(topics.features, WireRecords.features(topics.features, lines));
        String control = "{\"id\":\"e1\",\"key\":\"key-1\",\"command\":\"EVAL\",\"effective_time\":" + evalFrom + "}";
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(12)
                .drift(new DriftThresholds(0.5, 1.5, 16))
                .build();

        KafkaJob.start(TestJobs.bounded(topics, "drift-parity", 2), config, new Configuration())
                .getJobExecutionResult()
                .get(3, TimeUnit.MINUTES);
        List<DriftEvent> streamed = topics.readCommitted(topics.drift, AvroWire.driftEvents()::decode).stream()
                .map(CoreMapping::toCore)
                .toList();
        List<DriftEvent> replayed = replayDrift(lines, control, config, 1);

        assertThat(byKey(streamed)).isEqualTo(byKey(replayed));
        assertThat(streamed).anyMatch(e -> e.mode() == Mode.TRAIN);
        assertThat(streamed).anyMatch(e -> e.mode() == Mode.EVAL);
    }

    /** Replays {@code lines} (and the control line, if any) and reads back the drift output. */
    private List<DriftEvent> replayDrift(
            List<TestStreams.Line> lines, String controlLine, NormalizerConfig config, int parallelism)
            throws Exception {
        return replayDrift(lines, controlLine, config, parallelism, new Configuration(), null);
    }

    /** Runs on {@code cluster}, or on a cluster of the replay's own when it is null. */
    private List<DriftEvent> replayDrift(
            List<TestStreams.Line> lines,
            String controlLine,
            NormalizerConfig config,
            int parallelism,
            Configuration flinkConf,
            CompletableFuture<ReplayCluster> cluster)
            throws Exception {
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        Path control = controlLine == null ? null : Files.write(dir.resolve("control.jsonl"), List.of(controlLine));
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), control, null, null)
                .withDriftOutput(dir.resolve("drift.jsonl"));

        ReplaySummary summary = cluster == null
                ? Replay.run(files, config, parallelism, flinkConf)
                : Replay.run(files, config, parallelism, flinkConf, cluster);
        assertThat(summary.outputLines()).isEqualTo(lines.size());

        List<DriftEvent> out = new ArrayList<>();
        for (String line : Files.readAllLines(files.driftOutput())) {
            out.add(CoreMapping.toCore(JsonLines.parseDriftEvent(line)));
        }
        assertThat(summary.driftEvents()).isEqualTo(out.size());
        return out;
    }

    /**
     * 12 batches of key {@code key}: 8 from N(0, 1) per feature, then 4 whose feature 0 moved by 3 and whose feature
     * 1 spreads 3 times wider. With {@code missingFrom} > 0, feature 1 is missing from every record of a batch but
     * its first.
     */
    private static List<TestStreams.Line> shifting(String key, long seed, int missingFrom) {
        Random r = new Random(seed);
        List<TestStreams.Line> out = new ArrayList<>();
        for (int i = 0; i < 12 * BATCH; i++) {
            boolean moved = i >= 8 * BATCH;
            double x0 = (moved ? 3.0 : 0.0) + r.nextGaussian();
            double x1 = (moved ? 3.0 : 1.0) * r.nextGaussian();
            boolean missing = missingFrom > 0 && i % BATCH != 0;
            out.add(new TestStreams.Line(
                    key, TestStreams.T0 + 10L * i + seed, new Double[] {x0, missing ? null : x1}, key + i));
        }
        return out;
    }

    private static TestStreams.Line line(String key, long t, double x0, double x1, String id) {
        return new TestStreams.Line(key, t, new Double[] {x0, x1}, id);
    }

    private static Map<String, List<DriftEvent>> byKey(List<DriftEvent> events) {
        Map<String, List<DriftEvent>> out = new LinkedHashMap<>();
        for (DriftEvent e : events) {
            out.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        return new java.util.TreeMap<>(out);
    }
}
