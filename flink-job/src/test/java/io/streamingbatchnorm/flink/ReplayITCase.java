package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.flink.replay.ReplaySummary;
import io.streamingbatchnorm.testing.ById;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import io.streamingbatchnorm.testing.ReferenceStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Replays files through the job on a local MiniCluster and checks the numbers against an independent computation. */
class ReplayITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.sharedCluster();

    @TempDir
    Path dir;

    @Test
    void countBatchesMatchAnIndependentTwoPassComputation() throws Exception {
        List<TestStreams.Line> lines = TestStreams.drifting(1, 3, 500, 4, 10, 0.05);
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        NormalizerConfig config = NormalizerConfig.builder().batchSize(16).build();
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), null, dir.resolve("stats.jsonl"), null);

        ReplaySummary summary = Replay.run(files, config, 2);

        assertThat(summary.outputLines()).isEqualTo(500);
        assertThat(summary.deadLetters()).isZero();
        Map<String, JsonNode> outById = readById(files.output());
        ReferenceStream reference = ReferenceStream.countBatches(
                lines.stream().map(TestStreams.Line::reference).toList(),
                16,
                ReferenceBatchNorm.Settings.DEFAULTS,
                Map.of());
        assertThat(outById.keySet()).isEqualTo(reference.outputs().keySet());
        reference.outputs().forEach((id, expected) -> {
            JsonNode out = outById.get(id);
            assertThat(out.get("batch_size").asInt()).as("batch size of %s", id).isEqualTo(expected.batchSize());
            assertThat(out.get("mode").asText()).isEqualTo("TRAIN");
            assertThat(out.get("stats_version").asLong())
                    .as("version of %s", id)
                    .isEqualTo(expected.version());
            assertValues(out, expected.y(), id);
        });
        assertThat(Files.readAllLines(files.statsOutput())).hasSize(3);
    }

    @Test
    void eventTimeWindowsAreTheBatchesAndMatchTheTwoPassComputation() throws Exception {
        List<TestStreams.Line> lines = TestStreams.drifting(5, 2, 400, 3, 250, 0.0);
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        NormalizerConfig config = io.streamingbatchnorm.core.NormalizerOptions.parse(Map.of("window", "5s"));
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), null, null, null);

        assertThat(Replay.run(files, config, 1).outputLines()).isEqualTo(400);

        Map<String, JsonNode> outById = readById(files.output());
        Map<String, List<TestStreams.Line>> windows = new LinkedHashMap<>();
        for (TestStreams.Line l : lines) {
            windows.computeIfAbsent(l.key() + "@" + Math.floorDiv(l.eventTime(), 5000L), k -> new ArrayList<>())
                    .add(l);
        }
        // The lines are in event-time order, so each key's windows come in the order they close.
        Map<String, ReferenceBatchNorm> keys = new HashMap<>();
        for (List<TestStreams.Line> batch : windows.values()) {
            ReferenceBatchNorm key = keys.computeIfAbsent(batch.get(0).key(), k -> ReferenceBatchNorm.withDefaults(3));
            double[][] y = key.train(
                    batch.stream().map(TestStreams.Line::vector).toArray(double[][]::new),
                    batch.get(batch.size() - 1).eventTime());
            for (int i = 0; i < batch.size(); i++) {
                JsonNode out = outById.get(batch.get(i).id());
                assertThat(out.get("batch_size").asInt()).isEqualTo(batch.size());
                assertThat(out.get("late").asBoolean()).isFalse();
                assertThat(out.get("stats_version").asLong()).isEqualTo(key.version());
                assertValues(out, y[i], batch.get(i).id());
            }
        }
    }

    @Test
    void aControlFileSwitchesToEvalWithFrozenStatisticsAndSetsGammaAndBeta() throws Exception {
        List<TestStreams.Line> lines = TestStreams.drifting(9, 1, 100, 2, 1000, 0.0);
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        long evalFrom = TestStreams.T0 + 40_000;
        long affineFrom = TestStreams.T0 + 70_000;
        Path control = Files.write(
                dir.resolve("control.jsonl"),
                List.of(
                        "{\"id\":\"c1\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + evalFrom + "}",
                        "{\"id\":\"c2\",\"key\":\"key-0\",\"command\":\"SET_AFFINE\",\"effective_time\":" + affineFrom
                                + ",\"gamma\":[2.0,0.5],\"beta\":[1.0,-1.0]}",
                        "{\"id\":\"c3\",\"key\":\"*\",\"command\":\"WOBBLE\"}",
                        "{\"id\":\"c1\",\"key\":\"*\",\"command\":\"TRAIN\"}"));
        NormalizerConfig config = NormalizerConfig.builder().batchSize(10).build();
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), control, dir.resolve("stats.jsonl"), null);

        ReplaySummary summary = Replay.run(files, config, 1);

        assertThat(summary.outputLines()).isEqualTo(100);
        assertThat(summary.deadLettersByReason())
                .containsEntry("UNKNOWN_COMMAND", 1L)
                .containsEntry("DUPLICATE_COMMAND", 1L);
        // The four train batches before the switch, then eval with the frozen statistics (momentum 0.9, from mean 0
        // and variance 1), with gamma and beta from affineFrom on.
        ReferenceBatchNorm key = ReferenceBatchNorm.withDefaults(2);
        for (int b = 0; b < 4; b++) {
            List<TestStreams.Line> batch = lines.subList(b * 10, b * 10 + 10);
            key.train(batch.stream().map(TestStreams.Line::vector).toArray(double[][]::new), 0);
        }
        Map<String, JsonNode> out = readById(files.output());
        for (TestStreams.Line l : lines) {
            JsonNode o = out.get(l.id());
            boolean eval = l.eventTime() >= evalFrom;
            assertThat(o.get("mode").asText()).isEqualTo(eval ? "EVAL" : "TRAIN");
            if (!eval) {
                continue;
            }
            assertThat(o.get("stats_version").asLong()).isEqualTo(4);
            if (l.eventTime() >= affineFrom) {
                key.setAffine(new double[] {2.0, 0.5}, new double[] {1.0, -1.0});
            }
            assertValues(o, key.eval(l.vector()), l.id());
        }
        JsonNode stats = JSON.readTree(Files.readAllLines(files.statsOutput()).get(0));
        assertThat(stats.get("mode").asText()).isEqualTo("EVAL");
        assertThat(stats.get("gamma").get(0).asDouble()).isEqualTo(2.0);
        assertThat(stats.get("version").asLong()).isEqualTo(4);
    }

    @Test
    void cumulativeStatisticsAreThePooledMeanAndVarianceOfEveryValue() throws Exception {
        List<TestStreams.Line> lines = TestStreams.drifting(13, 1, 203, 2, 10, 0.0);
        Path in = TestStreams.write(dir.resolve("in.jsonl"), lines);
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(20)
                .running(io.streamingbatchnorm.core.Running.CUMULATIVE)
                .build();
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), null, dir.resolve("stats.jsonl"), null);

        Replay.run(files, config, 1);

        JsonNode stats = JSON.readTree(Files.readAllLines(files.statsOutput()).get(0));
        for (int j = 0; j < 2; j++) {
            int feature = j;
            ReferenceBatchNorm.Moments pooled = ReferenceBatchNorm.moments(
                    lines.stream().mapToDouble(l -> l.values()[feature]).toArray());
            double m = pooled.mean();
            double v = pooled.variance();
            assertThat(stats.get("running_mean").get(j).asDouble())
                    .isCloseTo(m, org.assertj.core.api.Assertions.within(1e-12 * Math.abs(m)));
            assertThat(stats.get("running_var").get(j).asDouble())
                    .isCloseTo(v, org.assertj.core.api.Assertions.within(1e-12 * v));
        }
        assertThat(stats.get("count").asLong()).isEqualTo(203);
    }

    @Test
    void refusedLinesGoToTheDeadLetterFileWithTheirLineNumbers() throws Exception {
        List<String> text = new ArrayList<>();
        for (TestStreams.Line l : TestStreams.drifting(17, 1, 30, 2, 10, 0.0)) {
            text.add(l.json());
        }
        text.set(4, "not json at all");
        text.set(9, "{\"key\":\"key-0\",\"event_time\":1700000000100,\"values\":[1.0,\"Infinity\"]}");
        text.set(14, "{\"key\":\"key-0\",\"event_time\":1700000000150,\"values\":[1.0,2.0,3.0]}");
        text.set(19, "{\"key\":\"\",\"event_time\":1700000000200,\"values\":[1.0,2.0]}");
        Path in = Files.write(dir.resolve("in.jsonl"), text);
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), null, null, null);

        ReplaySummary summary =
                Replay.run(files, NormalizerConfig.builder().batchSize(4).build(), 2);

        assertThat(summary.outputLines() + summary.deadLetters()).isEqualTo(30);
        assertThat(files.dlqOutput().getFileName().toString()).isEqualTo("out.dlq.jsonl");
        List<JsonNode> dead = readAll(files.dlqOutput());
        assertThat(dead).allSatisfy(n -> assertThat(n.get("message").asText()).isNotBlank());
        assertThat(ById.index(
                        dead, n -> n.get("line").asText(), n -> n.get("reason").asText()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "5", "UNPARSEABLE", "10", "INFINITE_VALUE", "15", "WRONG_DIMENSION", "20", "MISSING_KEY"));
    }

    @Test
    void aSwitchToEvalClosesEveryOpenWindowFirstEvenWhenTheWatermarkLags() throws Exception {
        // Four years of daily weather read in one burst: the watermark is far behind when 2015 arrives.
        Path in = Path.of("..", "examples", "weather.jsonl");
        Path control = Path.of("..", "examples", "weather-control.jsonl");
        NormalizerConfig config = io.streamingbatchnorm.core.NormalizerOptions.parse(Map.of("window", "7d"));
        ReplayFiles files = new ReplayFiles(in, dir.resolve("out.jsonl"), control, dir.resolve("stats.jsonl"), null);

        assertThat(Replay.run(files, config, 2).outputLines()).isEqualTo(2922);

        long from2015 = 1_420_070_400_000L;
        Map<String, JsonNode> finalStats =
                ById.index(readAll(files.statsOutput()), n -> n.get("key").asText());
        assertThat(finalStats).hasSize(2);
        for (JsonNode s : finalStats.values()) {
            assertThat(s.get("mode").asText()).isEqualTo("EVAL");
            assertThat(s.get("count").asLong())
                    .as("every day of 2012-2014, nothing of 2015")
                    .isEqualTo(1096);
            assertThat(s.get("event_time").asLong()).isLessThan(from2015);
        }
        for (JsonNode o : readById(files.output()).values()) {
            boolean eval = o.get("event_time").asLong() >= from2015;
            assertThat(o.get("mode").asText()).isEqualTo(eval ? "EVAL" : "TRAIN");
            if (eval) {
                assertThat(o.get("stats_version").asLong())
                        .isEqualTo(finalStats
                                .get(o.get("key").asText())
                                .get("version")
                                .asLong());
            }
        }
    }

    /** Each line of a replay output by its record id; fails on a repeated id. */
    static Map<String, JsonNode> readById(Path output) throws java.io.IOException {
        return ById.index(readAll(output), n -> n.get("id").asText());
    }

    private static List<JsonNode> readAll(Path jsonLines) throws java.io.IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : Files.readAllLines(jsonLines)) {
            nodes.add(JSON.readTree(l));
        }
        return nodes;
    }

    /** The output's values are {@code expected} within 1e-12 relative (absolute below 1); null where NaN (missing). */
    private static void assertValues(JsonNode out, double[] expected, String id) {
        for (int j = 0; j < expected.length; j++) {
            JsonNode v = out.get("values").get(j);
            if (Double.isNaN(expected[j])) {
                assertThat(v.isNull()).as("value %d of %s is missing", j, id).isTrue();
            } else {
                assertThat(v.asDouble())
                        .as("value %d of %s", j, id)
                        .isCloseTo(
                                expected[j],
                                org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(expected[j]))));
            }
        }
    }
}
