package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code normalize replay} end to end on a local MiniCluster: a generated input with three bad lines and a
 * control file that sets gamma/beta of one key and later switches every key to eval mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayCommandITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;
    private static final long EVAL_FROM = T0 + 4_000;

    private final Map<String, double[]> inputs = new HashMap<>();
    private List<String> lines;
    private Cli.Result result;
    private List<JsonNode> output;
    private List<JsonNode> dead;
    private Map<String, JsonNode> finalStats;
    private List<String> drift;

    @BeforeAll
    void replay(@TempDir Path dir) throws Exception {
        lines = generate(inputs);
        Path in = Files.write(dir.resolve("in.jsonl"), lines);
        Path control = Files.write(
                dir.resolve("control.jsonl"),
                List.of(
                        "{\"id\":\"a1\",\"key\":\"k0\",\"command\":\"SET_AFFINE\",\"effective_time\":" + T0
                                + ",\"gamma\":[2,2,2],\"beta\":[1,1,1]}",
                        "{\"id\":\"e1\",\"key\":\"*\",\"command\":\"EVAL\",\"effective_time\":" + EVAL_FROM + "}"));
        Path out = dir.resolve("out.jsonl");
        Path stats = dir.resolve("stats.jsonl");
        Path driftFile = dir.resolve("drift.jsonl");

        result = Cli.run(
                "replay",
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--control",
                control.toString(),
                "--stats-output",
                stats.toString(),
                "--drift-output",
                driftFile.toString(),
                "--drift-window",
                "5",
                "--batch-size",
                "5");

        assertThat(result.exitCode()).as("%s", result).isZero();
        output = read(out);
        dead = read(dir.resolve("out.dlq.jsonl"));
        finalStats = new HashMap<>();
        read(stats).forEach(s -> finalStats.put(s.get("key").asText(), s));
        drift = Files.readAllLines(driftFile);
    }

    @Test
    void driftEventsAreJsonLinesCountedInTheSummary() {
        assertThat(result.err())
                .contains(", " + drift.size() + (drift.size() == 1 ? " drift event, " : " drift events, "));
        // The running means start at 0 and the data's near 100: the batches after the first, and the eval windows
        // against statistics that have not caught up yet, all moved away.
        assertThat(drift)
                .anyMatch(l -> l.contains("\"mode\":\"TRAIN\""))
                .anyMatch(l -> l.contains("\"mode\":\"EVAL\""));
        assertThat(drift).allSatisfy(line -> {
            DriftEvent e = JsonLines.parseDriftEvent(line);
            assertThat(e.getKey()).isIn("k0", "k1");
            assertThat(e.getWindowSize()).isEqualTo(5);
            assertThat(e.getCrossed()).isNotEmpty();
            assertThat(e.getShift()).hasSize(3);
        });
    }

    @Test
    void everyLineIsAccountedForAndSummarized() {
        assertThat(result.err())
                .startsWith("replay: 63 records in, 60 normalized, 3 dead letters "
                        + "(INFINITE_VALUE 1, UNPARSEABLE 1, WRONG_DIMENSION 1), 2 keys, ");
        assertThat(result.err().strip()).doesNotContain("\n");
        assertThat(result.out()).isEmpty();
        assertThat(output.size() + dead.size())
                .as("output + dead letters = input lines")
                .isEqualTo(lines.size());
        assertThat(output.stream().map(n -> n.get("id").asText()).distinct()).hasSize(60);
    }

    @Test
    void badLinesAreDeadLettersWithTheirLineNumberAndReason() {
        Map<Long, String> reasonByLine = new TreeMap<>();
        dead.forEach(
                d -> reasonByLine.put(d.get("line").asLong(), d.get("reason").asText()));

        assertThat(reasonByLine)
                .containsExactly(
                        Map.entry(11L, "UNPARSEABLE"),
                        Map.entry(22L, "INFINITE_VALUE"),
                        Map.entry(33L, "WRONG_DIMENSION"));
        assertThat(dead)
                .allSatisfy(d -> assertThat(d.get("original").asText())
                        .isEqualTo(lines.get(d.get("line").asInt() - 1)));
    }

    @Test
    void theStatsFileHoldsEachKeysFinalSnapshotWithTheControlCommandsApplied() {
        assertThat(finalStats).containsOnlyKeys("k0", "k1");
        JsonNode k0 = finalStats.get("k0");
        assertThat(k0.get("mode").asText()).isEqualTo("EVAL");
        assertThat(k0.get("version").asLong())
                .as("20 train records in batches of 5")
                .isEqualTo(4);
        assertThat(k0.get("count").asLong()).isEqualTo(20);
        assertThat(doubles(k0.get("gamma"))).containsExactly(2.0, 2.0, 2.0);
        assertThat(doubles(k0.get("beta"))).containsExactly(1.0, 1.0, 1.0);
        assertThat(finalStats.get("k1").get("mode").asText()).isEqualTo("EVAL");
        assertThat(doubles(finalStats.get("k1").get("gamma"))).containsExactly(1.0, 1.0, 1.0);
    }

    @Test
    void evalOutputsUseTheFrozenStatisticsFromTheEffectiveTimeOn() {
        List<JsonNode> eval = output.stream()
                .filter(o -> o.get("event_time").asLong() >= EVAL_FROM)
                .toList();

        assertThat(eval).hasSize(20).allSatisfy(o -> {
            assertThat(o.get("mode").asText()).isEqualTo("EVAL");
            assertThat(o.get("batch_size").asInt()).isEqualTo(1);
            assertThat(o.get("stats_version").asLong()).isEqualTo(4);
            assertThat(doubles(o.get("values")))
                    .containsExactly(
                            evalByHand(
                                    inputs.get(o.get("id").asText()),
                                    finalStats.get(o.get("key").asText())),
                            within(1e-12));
        });
    }

    @Test
    void trainOutputsAreTheirBatchNormalizedThenScaledAndShifted() {
        Map<String, List<JsonNode>> trainBatches = new TreeMap<>();
        for (JsonNode o : output) {
            if (o.get("event_time").asLong() < EVAL_FROM) {
                assertThat(o.get("mode").asText()).isEqualTo("TRAIN");
                assertThat(o.get("batch_size").asInt()).isEqualTo(5);
                trainBatches
                        .computeIfAbsent(
                                o.get("key").asText() + "@"
                                        + o.get("stats_version").asLong(),
                                b -> new ArrayList<>())
                        .add(o);
            }
        }

        assertThat(trainBatches).hasSize(8);
        trainBatches.forEach((batch, outs) -> {
            boolean affine = batch.startsWith("k0");
            List<double[]> xs =
                    outs.stream().map(o -> inputs.get(o.get("id").asText())).toList();
            for (JsonNode o : outs) {
                double[] x = inputs.get(o.get("id").asText());
                double[] expected = new double[3];
                for (int j = 0; j < 3; j++) {
                    double z = (x[j] - mean(xs, j)) / Math.sqrt(variance(xs, j) + 1e-5);
                    expected[j] = affine ? 2 * z + 1 : z;
                }
                assertThat(doubles(o.get("values")))
                        .as("%s in batch %s", o.get("id"), batch)
                        .containsExactly(expected, within(1e-9));
            }
        });
    }

    private static double mean(List<double[]> xs, int j) {
        return xs.stream().mapToDouble(x -> x[j]).average().orElseThrow();
    }

    /** Biased (divide by n), as DESIGN 4.2 defines the batch variance. */
    private static double variance(List<double[]> xs, int j) {
        double mu = mean(xs, j);
        return xs.stream().mapToDouble(x -> (x[j] - mu) * (x[j] - mu)).average().orElseThrow();
    }

    /** 60 records of two keys, 100 ms apart, with a bad line at file lines 11, 22 and 33. */
    private static List<String> generate(Map<String, double[]> inputs) {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double[] v = {
                5 + 2 * random.nextGaussian(), -1 + 0.5 * random.nextGaussian(), 100 + 10 * random.nextGaussian()
            };
            inputs.put("r" + i, v);
            lines.add(String.format(
                    Locale.ROOT,
                    "{\"key\":\"k%d\",\"event_time\":%d,\"values\":[%s,%s,%s],\"id\":\"r%d\"}",
                    i % 2,
                    T0 + i * 100L,
                    v[0],
                    v[1],
                    v[2],
                    i));
        }
        lines.add(10, "{\"key\":\"k0\", oops");
        lines.add(
                21,
                "{\"key\":\"k1\",\"event_time\":" + (T0 + 1000) + ",\"values\":[1.0,\"Infinity\",2.0],\"id\":\"inf\"}");
        lines.add(32, "{\"key\":\"k0\",\"event_time\":" + (T0 + 2000) + ",\"values\":[1.0,2.0],\"id\":\"short\"}");
        return lines;
    }

    /** DESIGN 4.3: gamma * (x - running_mean) / sqrt(running_var + epsilon) + beta. */
    private static double[] evalByHand(double[] x, JsonNode s) {
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            y[j] = s.get("gamma").get(j).asDouble()
                            * (x[j] - s.get("running_mean").get(j).asDouble())
                            / Math.sqrt(s.get("running_var").get(j).asDouble()
                                    + s.get("epsilon").asDouble())
                    + s.get("beta").get(j).asDouble();
        }
        return y;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
