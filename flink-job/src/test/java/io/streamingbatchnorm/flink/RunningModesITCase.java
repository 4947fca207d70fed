package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The running modes beyond ema (average, decay, renorm, a SET_PRIOR prior) end to end: a replay's final statistics
 * against a computation written out here, and for every mode the replay at parallelism 1 and 2 and the streaming
 * job on Kafka giving the same bits.
 */
class RunningModesITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PER_KEY = 96;
    private static final int BATCH = 8;
    private static final long STEP = 10;
    private static final List<TestStreams.Line> LINES = TestStreams.roundRobin(29, 3, PER_KEY, 3, STEP);
    private static final String PRIOR = "{\"id\":\"p1\",\"key\":\"*\",\"command\":\"SET_PRIOR\",\"effective_time\":"
            + TestStreams.T0 + ",\"prior_mean\":[5.0,6.0,7.0],\"prior_variance\":[4.0,4.0,4.0],\"prior_weight\":16.0}";

    @TempDir
    Path dir;

    private static NormalizerConfig config(String mode) {
        Map<String, String> flags =
                new HashMap<>(Map.of("batch-size", Integer.toString(BATCH), "max-batch-delay", "3650d"));
        switch (mode) {
            case "average" -> flags.put("running", "average");
            case "decay" -> flags.putAll(Map.of("running", "decay", "half-life", "500ms"));
            case "renorm" ->
                flags.putAll(Map.of("renorm", "true", "renorm-rmax", "2", "renorm-dmax", "1", "renorm-warmup", "3"));
            case "prior" -> flags.put("running", "cumulative");
            default -> {}
        }
        return NormalizerOptions.parse(flags);
    }

    /** Replays the lines; returns outputs by id and final statistics by key. */
    private Result replay(String mode, int parallelism) throws Exception {
        Path in = TestStreams.write(dir.resolve("in.jsonl"), LINES);
        Path control = mode.equals("prior") ? Files.writeString(dir.resolve("control.jsonl"), PRIOR + "\n") : null;
        ReplayFiles files = new ReplayFiles(
                in,
                dir.resolve(mode + parallelism + ".jsonl"),
                control,
                dir.resolve(mode + parallelism + "-stats.jsonl"),
                null);
        Replay.run(files, config(mode), parallelism);
        Map<String, NormalizedRecord> out = new TreeMap<>();
        for (String l : Files.readAllLines(files.output())) {
            NormalizedRecord r = JsonLines.parseNormalizedRecord(l);
            assertThat(out.put(r.getId(), r)).as("id %s once", r.getId()).isNull();
        }
        Map<String, StatsSnapshot> stats = new TreeMap<>();
        for (String l : Files.readAllLines(files.statsOutput())) {
            StatsSnapshot s = JsonLines.parseStatsSnapshot(l);
            stats.put(s.getKey(), s);
        }
        return new Result(out, stats);
    }

    record Result(Map<String, NormalizedRecord> outputs, Map<String, StatsSnapshot> stats) {}

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ema", "cumulative-without-prior", "average", "decay", "renorm", "prior"})
    void replayAtAnyParallelismAndTheStreamingJobGiveTheSameBits(String mode) throws Exception {
        Result one = replay(mode, 1);
        Result two = replay(mode, 2);
        assertThat(one.outputs()).hasSize(LINES.size());
        assertThat(two).isEqualTo(one);

        JobTopics topics = JobTopics.create(KAFKA.kafka(), "modes-" + mode, 2);
        if (mode.equals("prior")) {
            ControlCommand c = JsonLines.parseControlCommand(PRIOR);
            topics.produce(topics.control, List.of(WireRecords.command(topics.control, c)));
        }
        topics.produce(topics.features, WireRecords.features(topics.features, LINES));
        JobConfig job = JobOptions.parse(topics.jobFlags("modes-" + mode, Map.of("parallelism", "2")))
                .asBounded();
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        JobClient client = KafkaJob.start(job, config(mode), noRestarts);
        client.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        Map<String, NormalizedRecord> streamed = new TreeMap<>();
        for (NormalizedRecord r : topics.readCommitted(topics.output, AvroWire.normalizedRecords()::decode)) {
            assertThat(streamed.put(r.getId(), r)).as("id %s once", r.getId()).isNull();
        }
        Map<String, StatsSnapshot> latest = new TreeMap<>();
        for (StatsSnapshot s : topics.readCommitted(topics.stats, AvroWire.statsSnapshots()::decode)) {
            latest.put(s.getKey(), s);
        }
        assertThat(streamed).isEqualTo(one.outputs());
        assertThat(latest).isEqualTo(one.stats());
    }

    @Test
    void averageKeepsThePlainMeanOfTheBatchesMeansAndVariances() throws Exception {
        StatsSnapshot s = replay("average", 1).stats().get("key-0");
        List<double[]> rows = rows("key-0");
        for (int j = 0; j < 3; j++) {
            double meanOfMeans = 0;
            double meanOfVars = 0;
            int batches = rows.size() / BATCH;
            for (int b = 0; b < batches; b++) {
                double[] x = column(rows.subList(b * BATCH, (b + 1) * BATCH), j);
                meanOfMeans += mean(x) / batches;
                meanOfVars += variance(x) / batches;
            }
            assertClose(s.getRunningMean().get(j), meanOfMeans);
            assertClose(s.getRunningVar().get(j), meanOfVars);
        }
        assertThat(s.getRunning()).isEqualTo("average");
    }

    @Test
    void decayWeighsEveryValueByItsOwnEventTime() throws Exception {
        StatsSnapshot s = replay("decay", 1).stats().get("key-1");
        List<TestStreams.Line> lines =
                LINES.stream().filter(l -> l.key().equals("key-1")).toList();
        long latest = lines.get(lines.size() - 1).eventTime();
        for (int j = 0; j < 3; j++) {
            double w = 0;
            double wx = 0;
            for (TestStreams.Line l : lines) {
                double weight = Math.pow(2, (l.eventTime() - latest) / 500.0);
                w += weight;
                wx += weight * l.values()[j];
            }
            double m = wx / w;
            double wss = 0;
            for (TestStreams.Line l : lines) {
                double d = l.values()[j] - m;
                wss += Math.pow(2, (l.eventTime() - latest) / 500.0) * d * d;
            }
            assertClose(s.getRunningMean().get(j), m);
            assertClose(s.getRunningVar().get(j), wss / w);
        }
        assertThat(s.getHalfLifeMs()).isEqualTo(500L);
    }

    @Test
    void aPriorIsPooledAsSixteenPseudoValues() throws Exception {
        StatsSnapshot s = replay("prior", 1).stats().get("key-2");
        List<double[]> rows = rows("key-2");
        double k = 16;
        for (int j = 0; j < 3; j++) {
            double[] x = column(rows, j);
            double priorMean = 5.0 + j;
            double m = (k * priorMean + sum(x)) / (k + x.length);
            double ss = k * (4.0 + (priorMean - m) * (priorMean - m));
            for (double v : x) {
                ss += (v - m) * (v - m);
            }
            assertClose(s.getRunningMean().get(j), m);
            assertClose(s.getRunningVar().get(j), ss / (k + x.length));
        }
        assertThat(s.getPriorWeight()).isEqualTo(16.0);
    }

    @Test
    void renormalizationStartsAsPlainBatchNormAndPublishesItsCorrections() throws Exception {
        Result renorm = replay("renorm", 1);
        Result plain = replay("ema", 1);
        // No batch folded before the first: the warm-up bounds are r_max 1 and d_max 0, so it is plain train mode.
        for (int i = 0; i < BATCH * 3; i++) {
            assertThat(renorm.outputs().get("r" + i)).isEqualTo(plain.outputs().get("r" + i));
        }
        StatsSnapshot s = renorm.stats().get("key-0");
        assertThat(s.getRenormR()).hasSize(3).allSatisfy(r -> assertThat(r).isBetween(0.5, 2.0));
        assertThat(s.getRenormD()).hasSize(3).allSatisfy(d -> assertThat(d).isBetween(-1.0, 1.0));
        assertThat(s.getRenormClipped()).hasSize(3);
        assertThat(renorm.outputs()).isNotEqualTo(plain.outputs());
    }

    private static List<double[]> rows(String key) {
        List<double[]> out = new ArrayList<>();
        for (TestStreams.Line l : LINES) {
            if (l.key().equals(key)) {
                double[] x = new double[l.values().length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = l.values()[j];
                }
                out.add(x);
            }
        }
        return out;
    }

    private static double[] column(List<double[]> rows, int j) {
        return rows.stream().mapToDouble(r -> r[j]).toArray();
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }

    private static double mean(double[] x) {
        return sum(x) / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / x.length;
    }

    private static void assertClose(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(expected)));
    }
}
