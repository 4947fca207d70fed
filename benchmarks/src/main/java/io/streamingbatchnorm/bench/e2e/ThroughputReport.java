package io.streamingbatchnorm.bench.e2e;

import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.e2e.ThroughputBenchmark.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The tables the end-to-end benchmark prints: every run, medians per scenario, and ratios to the passthrough. */
final class ThroughputReport {
    private ThroughputReport() {}

    static Table runs(List<Run> runs) {
        Table t = new Table(
                "round",
                "scenario",
                "records/s (first to last output)",
                "records/CPU-s (first to last)",
                "records/s (incl. start-up)",
                "records/CPU-s (incl. start-up)",
                "start-up s");
        for (Run r : runs) {
            t.row(
                    r.round(),
                    r.scenario().label + " " + r.scenario().flag,
                    Table.num(r.timing().steadyRate(), 0),
                    Table.num(r.timing().steadyCpuRate(), 0),
                    Table.num(r.timing().totalRate(), 0),
                    Table.num(r.timing().totalCpuRate(), 0),
                    Table.num(r.timing().startupSeconds(), 2));
        }
        return t;
    }

    static Table summary(List<Run> runs, List<Scenario> scenarios) {
        Table t = new Table(
                "scenario",
                "what runs",
                "records/s (median)",
                "records/CPU-s (median)",
                "records/s incl. start-up (median)",
                "start-up s (median)");
        for (Scenario s : scenarios) {
            t.row(
                    s.label + " " + s.flag,
                    s.description,
                    Table.num(median(runs, s, x -> x.timing().steadyRate()), 0),
                    Table.num(median(runs, s, x -> x.timing().steadyCpuRate()), 0),
                    Table.num(median(runs, s, x -> x.timing().totalRate()), 0),
                    Table.num(median(runs, s, x -> x.timing().startupSeconds()), 2));
        }
        return t;
    }

    /** Each scenario against the passthrough (b) of the same round; the median over rounds. */
    static Table ratios(List<Run> runs, List<Scenario> scenarios) {
        Table t = new Table("ratio", "records/s", "records/CPU-s", "records/s incl. start-up", "per round (records/s)");
        if (!scenarios.contains(Scenario.PASSTHROUGH)) {
            return t;
        }
        for (Scenario s : scenarios) {
            if (s == Scenario.PASSTHROUGH) {
                continue;
            }
            List<Double> rate = ratio(runs, s, r -> r.timing().steadyRate());
            List<Double> cpu = ratio(runs, s, r -> r.timing().steadyCpuRate());
            List<Double> total = ratio(runs, s, r -> r.timing().totalRate());
            StringBuilder each = new StringBuilder();
            for (double v : rate) {
                each.append(each.length() == 0 ? "" : ", ").append(Table.num(v, 2));
            }
            t.row(
                    s.label + "/b (" + s.flag + " / passthrough)",
                    Table.num(median(rate), 2),
                    Table.num(median(cpu), 2),
                    Table.num(median(total), 2),
                    each);
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

    static double median(List<Run> runs, Scenario s, ToDoubleFunction<Run> f) {
        List<Double> values = new ArrayList<>();
        for (Run r : runs) {
            if (r.scenario() == s) {
                values.add(f.applyAsDouble(r));
            }
        }
        return median(values);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
