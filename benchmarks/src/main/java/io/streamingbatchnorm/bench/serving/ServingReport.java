package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.bench.Spread;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.latency.LatencyResult;
import io.streamingbatchnorm.bench.latency.LatencyTable;
import io.streamingbatchnorm.bench.serving.ServingBenchmark.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The tables the serving benchmark prints: every run, medians per application, the ratio, latency. */
final class ServingReport {
    private ServingReport() {}

    static Table runs(List<Run> runs) {
        Table t = new Table(
                "round",
                "application",
                "records/s",
                "records/CPU-s",
                "process CPU cores",
                "records in window",
                "start-up s");
        for (Run r : runs) {
            t.row(
                    r.round(),
                    r.scenario().flag,
                    Table.num(r.window().rate(), 0),
                    Table.num(r.window().cpuRate(), 0),
                    Table.num(r.window().cores(), 2),
                    Table.num(r.window().records(), 0),
                    Table.num(r.window().startupSeconds(), 2));
        }
        return t;
    }

    static Table summary(List<Run> runs) {
        Table t = new Table(
                "application", "what runs", "records/s (median)", "spread", "records/CPU-s (median)", "spread");
        for (ServingScenario s : ServingScenario.values()) {
            Spread rate = Spread.of(values(runs, s, r -> r.window().rate()));
            Spread cpu = Spread.of(values(runs, s, r -> r.window().cpuRate()));
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
        List<Double> rate = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (Run r : runs) {
            if (r.scenario() != ServingScenario.SERVING) {
                continue;
            }
            for (Run b : runs) {
                if (b.scenario() == ServingScenario.PASSTHROUGH && b.round() == r.round()) {
                    rate.add(r.window().rate() / b.window().rate());
                    cpu.add(r.window().cpuRate() / b.window().cpuRate());
                }
            }
        }
        Spread byRate = Spread.of(rate);
        Spread byCpu = Spread.of(cpu);
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

    private static List<Double> values(List<Run> runs, ServingScenario s, ToDoubleFunction<Run> f) {
        List<Double> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.scenario() == s) {
                out.add(f.applyAsDouble(r));
            }
        }
        return out;
    }
}
