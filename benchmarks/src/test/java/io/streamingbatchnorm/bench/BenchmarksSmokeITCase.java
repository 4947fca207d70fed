package io.streamingbatchnorm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.bench.e2e.Scenario;
import io.streamingbatchnorm.bench.e2e.ThroughputBenchmark;
import io.streamingbatchnorm.bench.jmh.JmhMain;
import io.streamingbatchnorm.bench.latency.LatencyBenchmark;
import io.streamingbatchnorm.bench.state.StateBenchmark;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark entry point at a tiny size, so that they keep working; the numbers mean nothing
 * here. The real runs are described in docs/benchmarks.md.
 */
class BenchmarksSmokeITCase {

    @Test
    void jmhBenchmarksRunInProcess() throws Exception {
        var results = JmhMain.run(
                "-f",
                "0",
                "-wi",
                "0",
                "-i",
                "1",
                "-r",
                "100ms",
                "-foe",
                "true",
                "-p",
                "batch=32",
                "-p",
                "dimension=16");
        assertThat(results)
                .extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .contains("trainBatch", "evalBatch", "copyBatch", "decode", "encode", "copyBytes");
        assertThat(results)
                .allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void endToEndThroughputRunsEveryScenario() throws Exception {
        List<ThroughputBenchmark.Run> runs = ThroughputBenchmark.run(Args.parse(
                "--records", "2000", "--keys", "100", "--warmup-records", "0", "--rounds", "1", "--batch-size", "4"));
        assertThat(runs).extracting(ThroughputBenchmark.Run::scenario).containsExactly(Scenario.values());
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.timing().records()).isEqualTo(2000);
            assertThat(r.timing().steadyRate()).isPositive();
        });
    }

    @Test
    void latencyIsRecordedForEveryRecordAfterTheWarmUp() throws Exception {
        LatencyBenchmark.Result r = LatencyBenchmark.run(
                Args.parse("--rate", "500", "--duration", "1s", "--warmup", "500ms", "--keys", "10"));
        assertThat(r.received()).isEqualTo(r.sent()).isEqualTo(750);
        // Record i is due 2 ms after record i - 1 (500/s): the 250 due in the first 500 ms are the warm-up, the other
        // 500 are recorded, whenever they arrive.
        Histogram h = r.histogram();
        assertThat(h.getTotalCount()).isEqualTo(500);
        assertThat(h.getMinValue()).isPositive();
        assertThat(List.of(
                        h.getValueAtPercentile(50),
                        h.getValueAtPercentile(90),
                        h.getValueAtPercentile(99),
                        h.getValueAtPercentile(99.9),
                        h.getMaxValue()))
                .isSorted();
    }

    @Test
    void stateIsCheckpointedAndRestoredWithBothBackends(@TempDir Path dir) throws Exception {
        var results = StateBenchmark.run(
                Args.parse("--keys", "500", "--backends", "rocksdb,hashmap", "--checkpoint-root", dir.toString()));
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.restoredVersionOk())
                    .as("the restored job continued key-0 from version 1")
                    .isTrue();
            assertThat(r.stateSizeBytes()).isPositive();
            assertThat(r.diskBytes()).isPositive();
        });
    }
}
