package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline path: replay training data, then export the layer from the replay's stats file with {@code stats
 * --from}, checked against statistics computed by hand.
 *
 * <p>Key {@code k}, two batches of four records (batch size 4), momentum 0.9, epsilon 1e-5, initial mean 0 and
 * variance 1:
 *
 * <pre>
 *           feature 0          mean   biased var   unbiased var     feature 1          mean   biased  unbiased
 * batch 1   1, 2, 3, 4          2.5     1.25         5/3            10, 10, 14, 14      12      4       16/3
 * batch 2   2, 4, 6, 8          5       5            20/3            0,  0,  0,  4       1      3       4
 * </pre>
 *
 * <ul>
 *   <li>ema, unbiased (PyTorch's own): mean 0.9 * (0.9 * 0 + 0.1 * 2.5) + 0.1 * 5 = 0.725 and 0.9 * 1.2 + 0.1 * 1 =
 *       1.18; variance 0.9 * (0.9 + 0.1 * 5/3) + 0.1 * 20/3 = 1.62666... and 0.9 * (0.9 + 0.1 * 16/3) + 0.1 * 4 =
 *       1.69.
 *   <li>ema, biased (Keras' own): variance 0.9 * 1.025 + 0.1 * 5 = 1.4225 and 0.9 * 1.3 + 0.1 * 3 = 1.47.
 *   <li>average, unbiased (PyTorch's momentum=None): mean (2.5 + 5) / 2 = 3.75 and (12 + 1) / 2 = 6.5; variance
 *       (5/3 + 20/3) / 2 = 25/6 and (16/3 + 4) / 2 = 14/3.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsFromFileITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;
    private static final double[][] ROWS = {{1, 10}, {2, 10}, {3, 14}, {4, 14}, {2, 0}, {4, 0}, {6, 0}, {8, 4}};

    private Path dir;
    private Path emaUnbiased;
    private Path emaBiased;
    private Path average;

    @BeforeAll
    void replay(@TempDir Path tmp) throws Exception {
        dir = tmp;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS.length; i++) {
            lines.add("{\"key\":\"k\",\"event_time\":" + (T0 + i) + ",\"values\":[" + ROWS[i][0] + "," + ROWS[i][1]
                    + "],\"id\":\"r" + i + "\"}");
        }
        Path in = Files.write(dir.resolve("train.jsonl"), lines);
        emaUnbiased = replay(in, "ema-unbiased", "--running-variance", "unbiased");
        emaBiased = replay(in, "ema-biased");
        average = replay(in, "average", "--running", "average", "--running-variance", "unbiased");
    }

    private Path replay(Path in, String name, String... flags) {
        Path stats = dir.resolve(name + ".stats.jsonl");
        List<String> args = new ArrayList<>(List.of(
                "replay",
                "--input",
                in.toString(),
                "--output",
                dir.resolve(name + ".out.jsonl").toString(),
                "--stats-output",
                stats.toString(),
                "--batch-size",
                "4"));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return stats;
    }

    private static JsonNode export(Path stats, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("stats", "--from", stats.toString(), "--key", "k"));
        args.addAll(List.of(more));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return JSON.readTree(r.out());
    }

    private static void assertVector(JsonNode array, double... expected) {
        assertThat(array.size()).isEqualTo(expected.length);
        for (int j = 0; j < expected.length; j++) {
            assertThat(array.get(j).asDouble()).as("[%d]", j).isCloseTo(expected[j], within(1e-12));
        }
    }

    @Test
    void pytorchGetsTheUnbiasedEmaStatisticsWithItsOwnMomentum() throws Exception {
        JsonNode e = export(emaUnbiased, "--export", "pytorch", "--running", "ema", "--running-variance", "unbiased");

        assertThat(e.get("format").asText()).isEqualTo("pytorch");
        assertThat(e.get("num_features").asInt()).isEqualTo(2);
        assertThat(e.get("eps").asDouble()).isEqualTo(1e-5);
        // PyTorch's momentum weighs the new batch: 1 - 0.9, exactly 0.1.
        assertThat(e.get("momentum").asDouble()).isEqualTo(0.1);
        assertThat(e.get("frozen").asBoolean()).isFalse();
        assertThat(e.get("running_variance").asText()).isEqualTo("unbiased");
        JsonNode sd = e.get("state_dict");
        assertVector(sd.get("weight"), 1, 1);
        assertVector(sd.get("bias"), 0, 0);
        assertVector(sd.get("running_mean"), 0.725, 1.18);
        assertVector(sd.get("running_var"), 0.9 * (0.9 + 0.1 * 5 / 3.0) + 0.1 * 20 / 3.0, 1.69);
        assertThat(sd.get("num_batches_tracked").asLong()).isEqualTo(2);
        assertThat(e.get("stats_version").asLong()).isEqualTo(2);
    }

    @Test
    void kerasGetsTheBiasedEmaStatisticsWithTheJobsMomentum() throws Exception {
        JsonNode e = export(emaBiased, "--export", "keras", "--running", "ema", "--running-variance", "biased");

        assertThat(e.get("epsilon").asDouble()).isEqualTo(1e-5);
        assertThat(e.get("momentum").asDouble()).isEqualTo(0.9);
        JsonNode w = e.get("weights");
        assertThat(w.fieldNames()).toIterable().containsExactly("gamma", "beta", "moving_mean", "moving_variance");
        assertVector(w.get("moving_mean"), 0.725, 1.18);
        assertVector(w.get("moving_variance"), 1.4225, 1.47);
    }

    @Test
    void pytorchsCumulativeAverageHasNoMomentumAndCountsTheBatches() throws Exception {
        JsonNode e = export(average, "--export", "pytorch", "--running", "average", "--running-variance", "unbiased");

        assertThat(e.get("momentum").isNull()).isTrue();
        JsonNode sd = e.get("state_dict");
        assertVector(sd.get("running_mean"), 3.75, 6.5);
        assertVector(sd.get("running_var"), 25 / 6.0, 14 / 3.0);
        // PyTorch weighs the next batch 1 / (num_batches_tracked + 1), as the job's average does.
        assertThat(sd.get("num_batches_tracked").asLong()).isEqualTo(2);
    }

    @Test
    void aVarianceTheFrameworkDoesNotFoldIsRefusedOrExportedFrozenUnchanged() throws Exception {
        Cli.Result biasedToTorch = Cli.run(
                "stats",
                "--from",
                emaBiased.toString(),
                "--key",
                "k",
                "--export",
                "pytorch",
                "--running",
                "ema",
                "--running-variance",
                "biased");
        JsonNode frozen = export(emaBiased, "--export", "pytorch", "--frozen");

        assertThat(biasedToTorch.exitCode()).isEqualTo(2);
        assertThat(biasedToTorch.err())
                .startsWith("normalize stats: --export: cannot export key 'k' as a pytorch layer: the statistics hold"
                        + " the biased running variance, but PyTorch folds the unbiased batch variance into"
                        + " running_var")
                .hasLineCount(1);
        assertThat(frozen.get("momentum").asDouble()).isZero();
        assertThat(frozen.get("frozen").asBoolean()).isTrue();
        assertVector(frozen.get("state_dict").get("running_var"), 1.4225, 1.47);
    }

    @Test
    void theTableAndTheJsonLineComeFromTheFileToo() throws Exception {
        Cli.Result table = Cli.run("stats", "--from", emaBiased.toString());
        Cli.Result json =
                Cli.run("stats", "--from", emaBiased.toString(), "--key", "k", "--version", "2", "--format", "json");

        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out().lines().toList().get(1)).startsWith("k").contains("  2  TRAIN");
        assertThat(json.out().strip()).isEqualTo(Files.readString(emaBiased).strip());
    }

    @Test
    void aNonFiniteSnapshotIsShownAsItIsButNotExported() throws Exception {
        // The job never publishes one (its guards refuse such batches); a snapshot of another producer may hold one.
        StatsSnapshot good =
                JsonLines.parseStatsSnapshot(Files.readString(emaBiased).strip());
        StatsSnapshot broken = StatsSnapshot.newBuilder(good)
                .setRunningVar(List.of(Double.NaN, Double.POSITIVE_INFINITY))
                .build();
        Path file = Files.write(dir.resolve("non-finite.jsonl"), List.of(JsonLines.writeStatsSnapshot(broken)));

        Cli.Result table = Cli.run("stats", "--from", file.toString());
        Cli.Result json = Cli.run("stats", "--from", file.toString(), "--format", "json");
        Cli.Result export = Cli.run("stats", "--from", file.toString(), "--key", "k", "--export", "keras", "--frozen");

        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out().lines().toList().get(1)).endsWith("[NaN, Infinity]");
        assertThat(JsonLines.parseStatsSnapshot(json.out().strip())).isEqualTo(broken);
        assertThat(export.exitCode()).isEqualTo(2);
        assertThat(export.out()).isEmpty();
        assertThat(export.err())
                .contains("--export: cannot export key 'k' as a keras layer: field 'running_var' of the snapshot holds"
                        + " NaN at feature 0, which no layer can use")
                .hasLineCount(1);
    }

    @Test
    void badInputGetsOneLineNamingTheFlagAndExitTwo() throws Exception {
        Path notStats = Files.write(
                dir.resolve("not-stats.jsonl"), List.of("{\"key\":\"k\",\"event_time\":1," + "\"values\":[1.0]}"));
        Path empty = Files.write(dir.resolve("empty.jsonl"), List.of("", ""));
        List<Cli.Result> results = List.of(
                Cli.run("stats", "--from", dir.resolve("missing.jsonl").toString()),
                Cli.run("stats", "--from", notStats.toString()),
                Cli.run("stats", "--from", empty.toString()),
                Cli.run("stats", "--from", emaBiased.toString(), "--key", "nope"),
                Cli.run("stats", "--from", emaBiased.toString(), "--key", "k", "--version", "7"),
                Cli.run("stats", "--from", emaBiased.toString(), "--key", "k", "--version", "two"),
                Cli.run("stats", "--from", emaBiased.toString(), "--version", "2"),
                Cli.run("stats", "--from", emaBiased.toString(), "--key", "k", "--frozen"),
                Cli.run(
                        "stats",
                        "--from",
                        emaBiased.toString(),
                        "--key",
                        "k",
                        "--export",
                        "keras",
                        "--running-variance",
                        "sometimes"),
                Cli.run("stats", "--from", emaBiased.toString(), "--savepoint", dir.toString()),
                // The replay's snapshots say how their statistics are kept: a contradicting declaration is refused.
                Cli.run(
                        "stats",
                        "--from",
                        emaBiased.toString(),
                        "--key",
                        "k",
                        "--export",
                        "keras",
                        "--running",
                        "cumulative",
                        "--running-variance",
                        "biased"));
        List<String> expected = List.of(
                "--from: no such file",
                "--from: line 1 of '" + notStats + "' is not a statistics snapshot (missing required field",
                "--from: '" + empty + "' holds no statistics snapshot",
                "--key: no statistics for key 'nope' in file '" + emaBiased + "' (1 keys there)",
                "--version: key 'k' has no statistics version 7 in file",
                "--version: 'two' is not a statistics version",
                "--version: name the key with --key",
                "--frozen: describes the layer of --export, which is not given",
                "--running-variance: 'sometimes' is not one of biased, unbiased",
                "--from: reads a replay's statistics file instead of a savepoint; leave out --savepoint",
                "the snapshot says its statistics were computed with --running ema, not cumulative");
        for (int i = 0; i < results.size(); i++) {
            Cli.Result r = results.get(i);
            assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
            assertThat(r.err()).as("%s", r).hasLineCount(1).contains(expected.get(i));
        }
    }
}
