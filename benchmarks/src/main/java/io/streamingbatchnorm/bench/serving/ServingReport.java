package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.bench.Spread;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.harness.RoundRuns;
import io.streamingbatchnorm.bench.harness.SteadyWindow;
import io.streamingbatchnorm.bench.latency.LatencyResult;
import io.streamingbatchnorm.bench.latency.LatencyTable;
import io.streamingbatchnorm.bench.serving.ServingBenchmark.Run;
import java.util.List;
import java.util.Map;

/** The tables the serving benchmark prints: every run, medians per application, the ratio, latency. */
final class ServingReport {
    private ServingReport() {}

    static Table runs(List<Run> runs) {
        return RoundRuns.table("application", runs, r -> r.scenario().flag);
    }

    static Table summary(List<Run> runs) {
        Table t = new Table(
                "application", "what runs", "records/s (median)", "spread", "records/CPU-s (median)", "spread");
        for (ServingScenario s : ServingScenario.values()) {
            Spread rate = Spread.of(RoundRuns.values(runs, s, SteadyWindow::rate));
            Spread cpu = Spread.of(RoundRuns.values(runs, s, SteadyWindow::cpuRate));
            t.row(
                    s.flag,
                    s.description,
                    Table.num(rate.median(), 0),
                    rate.percent(),
                    Table.num(cpu.median(), 0),
                    cpu.percent());
        }
        return t;
    }

    /** Serving against the passthrough of the same round. */
    static Table ratio(List<Run> runs) {
        Spread byRate = Spread.of(
                RoundRuns.ratios(runs, ServingScenario.SERVING, ServingScenario.PASSTHROUGH, SteadyWindow::rate));
        Spread byCpu = Spread.of(
                RoundRuns.ratios(runs, ServingScenario.SERVING, ServingScenario.PASSTHROUGH, SteadyWindow::cpuRate));
        return new Table(
                        "ratio",
                        "records/s per round",
                        "median",
                        "spread",
                        "records/CPU-s per round",
                        "median",
                        "spread")
                .row(
                        "serving / passthrough",
                        byRate.perRound(2),
                        Table.num(byRate.median(), 2),
                        byRate.percent(),
                        byCpu.perRound(2),
                        Table.num(byCpu.median(), 2),
                        byCpu.percent());
    }

    static Table latency(Map<String, LatencyResult> results) {
        return LatencyTable.of("application, delivery", results);
    }
}
