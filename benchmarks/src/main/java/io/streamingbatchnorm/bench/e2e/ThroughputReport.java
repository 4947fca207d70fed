package io.streamingbatchnorm.bench.e2e;

import io.streamingbatchnorm.bench.Spread;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.e2e.ThroughputBenchmark.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The tables the end-to-end benchmark prints: every run, medians per scenario, and ratios to the passthrough. */
final class ThroughputReport {
    /** The ratios in the order they matter: the job against its baseline first. */
    private static final List<Scenario> RATIO_ORDER =
            List.of(Scenario.TRAIN, Scenario.EVAL, Scenario.KEYED, Scenario.LOOP);

    /** How far a round may stray from the median for the ratio to count as measured at steady state. */
    static final double TARGET_SPREAD = 0.10;

    private ThroughputReport() {}

    static Table runs(List<Run> runs) {
        Table t = new Table(
                "round",
                "scenario",
                "records/s",
                "records/CPU-s",
                "process CPU cores",
                "records in window",
                "start-up s");
        for (Run r : runs) {
            t.row(
                    r.round(),
                    r.scenario().label + " " + r.scenario().flag,
                    Table.num(r.window().rate(), 0),
                    Table.num(r.window().cpuRate(), 0),
                    Table.num(r.window().cores(), 2),
                    Table.num(r.window().records(), 0),
                    Table.num(r.window().startupSeconds(), 2));
        }
        return t;
    }

    static Table summary(List<Run> runs, List<Scenario> scenarios) {
        Table t = new Table(
                "scenario",
                "what runs",
                "records/s (median)",
                "spread",
                "records/CPU-s (median)",
                "spread",
                "start-up s (median)");
        for (Scenario s : scenarios) {
            Spread rate = Spread.of(values(runs, s, r -> r.window().rate()));
            Spread cpu = Spread.of(values(runs, s, r -> r.window().cpuRate()));
            t.row(
                    s.label + " " + s.flag,
                    s.description,
                    Table.num(rate.median(), 0),
                    rate.percent(),
                    Table.num(cpu.median(), 0),
                    cpu.percent(),
                    Table.num(Spread.median(values(runs, s, r -> r.window().startupSeconds())), 2));
        }
        return t;
    }

    /** Each scenario against the passthrough (b) of the same round: per round, median and spread. */
    static Table ratios(List<Run> runs, List<Scenario> scenarios) {
        Table t = new Table(
                "ratio",
                "records/s per round",
                "median",
                "spread",
                "records/CPU-s per round",
                "median",
                "spread",
                "rounds within ±10%");
        if (!scenarios.contains(Scenario.PASSTHROUGH)) {
            return t;
        }
        for (Scenario s : RATIO_ORDER) {
            if (!scenarios.contains(s)) {
                continue;
            }
            Spread rate = Spread.of(ratio(runs, s, r -> r.window().rate()));
            Spread cpu = Spread.of(ratio(runs, s, r -> r.window().cpuRate()));
            t.row(
                    s.label + "/b (" + s.flag + " / passthrough)",
                    rate.perRound(2),
                    Table.num(rate.median(), 2),
                    rate.percent(),
                    cpu.perRound(2),
                    Table.num(cpu.median(), 2),
                    cpu.percent(),
                    (rate.within(TARGET_SPREAD) ? "yes" : "no") + " (records/s), "
                            + (cpu.within(TARGET_SPREAD) ? "yes" : "no") + " (per CPU-s)");
        }
        return t;
    }

    private static List<Double> ratio(List<Run> runs, Scenario s, ToDoubleFunction<Run> f) {
        List<Double> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.scenario() != s) {
                continue;
            }
            for (Run b : runs) {
                if (b.scenario() == Scenario.PASSTHROUGH && b.round() == r.round()) {
                    out.add(f.applyAsDouble(r) / f.applyAsDouble(b));
                }
            }
        }
        return out;
    }

    private static List<Double> values(List<Run> runs, Scenario s, ToDoubleFunction<Run> f) {
        List<Double> values = new ArrayList<>();
        for (Run r : runs) {
            if (r.scenario() == s) {
                values.add(f.applyAsDouble(r));
            }
        }
        return values;
    }
}
