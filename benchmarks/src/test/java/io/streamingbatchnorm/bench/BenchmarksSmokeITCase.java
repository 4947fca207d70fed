package io.streamingbatchnorm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.bench.e2e.Scenario;
import io.streamingbatchnorm.bench.e2e.ThroughputBenchmark;
import io.streamingbatchnorm.bench.jmh.JmhMain;
import io.streamingbatchnorm.bench.latency.LatencyBenchmark;
import io.streamingbatchnorm.bench.latency.LatencyResult;
import io.streamingbatchnorm.bench.replay.ReplayBenchmark;
import io.streamingbatchnorm.bench.replay.TestkitBenchmark;
import io.streamingbatchnorm.bench.serving.ServingBenchmark;
import io.streamingbatchnorm.bench.state.StateBenchmark;
import java.nio.file.Path;
import java.time.Duration;
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
                .contains(
                        "trainBatch",
                        "evalBatch",
                        "copyBatch",
                        "decode",
                        "encode",
                        "copyBytes",
                        "decodeVector",
                        "encodeVector",
                        "encodeNormalizedVector",
                        "copyNormalizedBytes");
        assertThat(results)
                .allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void endToEndThroughputMeasuresEveryScenarioOverItsWindow() throws Exception {
        List<ThroughputBenchmark.Run> runs = ThroughputBenchmark.run(Args.parse(
                "--records",
                "400000",
                "--keys",
                "100",
                "--seconds",
                "1",
                "--warmup-seconds",
                "0",
                "--rounds",
                "1",
                "--batch-size",
                "4"));
        assertThat(runs).extracting(ThroughputBenchmark.Run::scenario).containsExactly(Scenario.values());
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.window().records()).isPositive();
            assertThat(r.window().nanos())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
            assertThat(r.window().cpuRate()).isPositive();
        });
    }

    @Test
    void servingAndItsPassthroughAreMeasuredAndTimed() throws Exception {
        ServingBenchmark.Result r = ServingBenchmark.run(Args.parse(
                "--records",
                "100000",
                "--keys",
                "10",
                "--seconds",
                "1",
                "--warmup-seconds",
                "0",
                "--rounds",
                "1",
                "--rate",
                "500",
                "--latency-warmup",
                "500ms",
                "--latency-duration",
                "1s",
                "--latency-delivery",
                "at-least-once"));
        assertThat(r.runs())
                .hasSize(2)
                .allSatisfy(run -> assertThat(run.window().records()).isPositive());
        // 500 records are due in the measured second of each application, whenever they arrive.
        assertThat(r.latency()).containsOnlyKeys("passthrough, at-least-once", "serving, at-least-once");
        assertThat(r.latency().values()).allSatisfy(this::assertRecordedAfterWarmUp);
    }

    @Test
    void latencyIsRecordedWithTheBrokerInItsOwnProcess() throws Exception {
        LatencyResult r = LatencyBenchmark.run(Args.parse(
                "--broker", "process", "--rate", "500", "--duration", "1s", "--warmup", "500ms", "--keys", "10"));
        // Record i is due 2 ms after record i - 1 (500/s): the 250 due in the first 500 ms are the warm-up, the other
        // 500 are recorded, whenever they arrive.
        assertThat(r.received()).isEqualTo(r.sent()).isEqualTo(750);
        assertRecordedAfterWarmUp(r);
        assertThat(r.cores()).containsOnlyKeys("broker process", "this JVM (job, load tools)");
        assertThat(r.cores().get("broker process")).isPositive();
    }

    private void assertRecordedAfterWarmUp(LatencyResult r) {
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
    void stateIsCheckpointedRestoredAndExpiredWithBothBackends(@TempDir Path dir) throws Exception {
        var results = StateBenchmark.run(Args.parse(
                "--keys",
                "500",
                "--backends",
                "rocksdb,hashmap",
                "--key-ttl",
                "2m",
                "--checkpoint-root",
                dir.toString()));
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.restoredVersionOk())
                    .as("the restored job continued its probe key from version 1")
                    .isTrue();
            assertThat(r.stateSizeBytes()).isPositive();
            assertThat(r.diskBytes()).isPositive();
            assertThat(r.expiry().keysExpired()).isGreaterThanOrEqualTo(499);
            assertThat(r.expiry().after().stateSizeBytes()).isPositive();
        });
        // On the heap the expired keys leave the next checkpoint at once. RocksDB deletes write tombstones into new
        // SST files, which its snapshot copies beside the old values until compaction drops both (docs/benchmarks.md).
        var heap = results.stream()
                .filter(r -> r.backend().equals("hashmap"))
                .findFirst()
                .orElseThrow();
        assertThat(heap.expiry().after().stateSizeBytes()).isLessThan(heap.stateSizeBytes());
    }

    @Test
    void testkitReplaysRunColdAndWarm() throws Exception {
        Path normalize = Path.of("..", "normalize").toAbsolutePath();
        TestkitBenchmark.run(
                Args.parse("--records", "200", "--runs", "2", "--firsts", "1", "--normalize", normalize.toString()));
    }

    @Test
    void replayIsSetAgainstTheParseAndWriteBaselines(@TempDir Path dir) throws Exception {
        // Runs the normalize command as a user does; the jar is there when the reactor built cli first.
        Path normalize = Path.of("..", "normalize").toAbsolutePath();
        assertThat(Path.of("..", "cli", "target", "normalize.jar"))
                .as("the normalize jar; the root build packages cli before this module")
                .exists();
        ReplayBenchmark.run(Args.parse(
                "--records", "2000", "--rounds", "1", "--normalize", normalize.toString(), "--dir", dir.toString()));
    }
}
