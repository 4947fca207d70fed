package io.streamingbatchnorm.bench.e2e;

import io.streamingbatchnorm.bench.Spread;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.e2e.ThroughputBenchmark.Run;
import io.streamingbatchnorm.bench.harness.RoundRuns;
import io.streamingbatchnorm.bench.harness.SteadyWindow;
import java.util.List;

/** The tables the end-to-end benchmark prints: every run, medians per scenario, and ratios to the passthrough. */
final class ThroughputReport {
    /** The ratios in the order they matter: the job against its baseline first. */
    private static final List<Scenario> RATIO_ORDER =
            List.of(Scenario.TRAIN, Scenario.EVAL, Scenario.KEYED, Scenario.LOOP);

    /** How far a round may stray from the median for the ratio to count as measured at steady state. */
    static final double TARGET_SPREAD = 0.10;

    private ThroughputReport() {}

    static Table runs(List<Run> runs) {
        return RoundRuns.table("scenario", runs, r -> r.scenario().label + " " + r.scenario().flag);
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
            Spread rate = Spread.of(RoundRuns.values(runs, s, SteadyWindow::rate));
            Spread cpu = Spread.of(RoundRuns.values(runs, s, SteadyWindow::cpuRate));
            t.row(
                    s.label + " " + s.flag,
                    s.description,
                    Table.num(rate.median(), 0),
                    rate.percent(),
                    Table.num(cpu.median(), 0),
                    cpu.percent(),
                    Table.num(Spread.median(RoundRuns.values(runs, s, SteadyWindow::startupSeconds)), 2));
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
            Spread rate = Spread.of(RoundRuns.ratios(runs, s, Scenario.PASSTHROUGH, SteadyWindow::rate));
            Spread cpu = Spread.of(RoundRuns.ratios(runs, s, Scenario.PASSTHROUGH, SteadyWindow::cpuRate));
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
}
