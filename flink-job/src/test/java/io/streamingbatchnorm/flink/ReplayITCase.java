package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.flink.replay.ReplaySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays files through the job on a local MiniCluster and checks the numbers against an independent computation. */
class ReplayITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Map<String, JsonNode> outById = new HashMap<>();
        for (String l : Files.readAllLines(files.output())) {
            JsonNode n = JSON.readTree(l);
            outById.put(n.get("id").asText(), n);
        }
        Map<String, List<TestStreams.Line>> byKey = new LinkedHashMap<>();
        for (TestStreams.Line l : lines) {
            byKey.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
        }
        for (List<TestStreams.Line> keyLines : byKey.values()) {
            for (int from = 0; from < keyLines.size(); from += 16) {
                List<TestStreams.Line> batch = keyLines.subList(from, Math.min(keyLines.size(), from + 16));
                for (int j = 0; j < 4; j++) {
                    double[] expected = TwoPass.normalize(batch, j, 1e-5);
                    for (int i = 0; i < batch.size(); i++) {
                        JsonNode out = outById.get(batch.get(i).id());
                        assertThat(out.get("batch_size").asInt()).isEqualTo(batch.size());
                        assertThat(out.get("mode").asText()).isEqualTo("TRAIN");
                        JsonNode v = out.get("values").get(j);
                        if (Double.isNaN(expected[i])) {
                            assertThat(v.isNull()).isTrue();
                        } else {
                            assertThat(v.asDouble())
                                    .isCloseTo(
                                            expected[i],
                                            org.assertj.core.api.Assertions.within(
                                                    1e-12 * Math.max(1, Math.abs(expected[i]))));
                        }
                    }
                }
            }
        }
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
        for (List<TestStreams.Line> batch : windows.values()) {
            for (int j = 0; j < 3; j++) {
                double[] expected = TwoPass.normalize(batch, j, 1e-5);
                for (int i = 0; i < batch.size(); i++) {
                    JsonNode out = outById.get(batch.get(i).id());
                    assertThat(out.get("batch_size").asInt()).isEqualTo(batch.size());
                    assertThat(out.get("late").asBoolean()).isFalse();
                    assertThat(out.get("values").get(j).asDouble())
                            .isCloseTo(
                                    expected[i],
                                    org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(expected[i]))));
                }
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
        // Independent EMA over the four train batches before the switch (momentum 0.9, from mean 0 / variance 1).
        double[] mean = {0, 0};
        double[] var = {1, 1};
        for (int b = 0; b < 4; b++) {
            List<TestStreams.Line> batch = lines.subList(b * 10, b * 10 + 10);
            for (int j = 0; j < 2; j++) {
                double m = 0;
                for (TestStreams.Line l : batch) {
                    m += l.values()[j];
                }
                m /= 10;
                double v = 0;
                for (TestStreams.Line l : batch) {
                    v += (l.values()[j] - m) * (l.values()[j] - m);
                }
                v /= 10;
                mean[j] = 0.9 * mean[j] + 0.1 * m;
                var[j] = 0.9 * var[j] + 0.1 * v;
            }
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
            boolean affine = l.eventTime() >= affineFrom;
            double[] gamma = affine ? new double[] {2.0, 0.5} : new double[] {1, 1};
            double[] beta = affine ? new double[] {1.0, -1.0} : new double[] {0, 0};
            for (int j = 0; j < 2; j++) {
                double expected = gamma[j] * (l.values()[j] - mean[j]) / Math.sqrt(var[j] + 1e-5) + beta[j];
                assertThat(o.get("values").get(j).asDouble())
                        .isCloseTo(
                                expected,
                                org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(expected))));
            }
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
            double m = 0;
            for (TestStreams.Line l : lines) {
                m += l.values()[j];
            }
            m /= lines.size();
            double v = 0;
            for (TestStreams.Line l : lines) {
                v += (l.values()[j] - m) * (l.values()[j] - m);
            }
            v /= lines.size();
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
        Map<Long, String> reasons = new HashMap<>();
        for (String l : Files.readAllLines(files.dlqOutput())) {
            JsonNode n = JSON.readTree(l);
            reasons.put(n.get("line").asLong(), n.get("reason").asText());
            assertThat(n.get("message").asText()).isNotBlank();
        }
        assertThat(reasons)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(5L, "UNPARSEABLE", 10L, "INFINITE_VALUE", 15L, "WRONG_DIMENSION", 20L, "MISSING_KEY"));
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
        Map<String, JsonNode> finalStats = new HashMap<>();
        for (String l : Files.readAllLines(files.statsOutput())) {
            JsonNode n = JSON.readTree(l);
            finalStats.put(n.get("key").asText(), n);
        }
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

    static Map<String, JsonNode> readById(Path output) throws java.io.IOException {
        Map<String, JsonNode> outById = new HashMap<>();
        for (String l : Files.readAllLines(output)) {
            JsonNode n = JSON.readTree(l);
            outById.put(n.get("id").asText(), n);
        }
        return outById;
    }

    /** Two-pass batch normalization of one feature, written independently of the core. */
    static final class TwoPass {
        static double[] normalize(List<TestStreams.Line> batch, int j, double epsilon) {
            double sum = 0;
            int n = 0;
            for (TestStreams.Line l : batch) {
                if (l.values()[j] != null) {
                    sum += l.values()[j];
                    n++;
                }
            }
            double mean = sum / n;
            double ss = 0;
            for (TestStreams.Line l : batch) {
                if (l.values()[j] != null) {
                    ss += (l.values()[j] - mean) * (l.values()[j] - mean);
                }
            }
            double var = ss / n;
            double[] y = new double[batch.size()];
            for (int i = 0; i < y.length; i++) {
                Double x = batch.get(i).values()[j];
                y[i] = x == null ? Double.NaN : (x - mean) / Math.sqrt(var + epsilon);
            }
            return y;
        }
    }
}
