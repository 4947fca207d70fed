package io.streamingbatchnorm.bench.harness;

import io.streamingbatchnorm.bench.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The runs of the steady-state benchmarks (e2e, serving): every scenario once per round, compared with its baseline
 * within the same round, since the machine's load moves between rounds more than between two neighbouring runs.
 */
public final class RoundRuns {
    private RoundRuns() {}

    /** One scenario's run in one round. */
    public interface Run {
        Object scenario();

        int round();

        SteadyWindow window();
    }

    /** Every run, in the order run, with its window's figures. */
    public static <R extends Run> Table table(String scenarioColumn, List<R> runs, Function<R, String> label) {
        Table t = new Table(
                "round",
                scenarioColumn,
                "records/s",
                "records/CPU-s",
                "process CPU cores",
                "records in window",
                "start-up s");
        for (R r : runs) {
            t.row(
                    r.round(),
                    label.apply(r),
                    Table.num(r.window().rate(), 0),
                    Table.num(r.window().cpuRate(), 0),
                    Table.num(r.window().cores(), 2),
                    Table.num(r.window().records(), 0),
                    Table.num(r.window().startupSeconds(), 2));
        }
        return t;
    }

    /** A figure of {@code scenario}'s runs, one per round. */
    public static List<Double> values(List<? extends Run> runs, Object scenario, ToDoubleFunction<SteadyWindow> f) {
        List<Double> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.scenario() == scenario) {
                out.add(f.applyAsDouble(r.window()));
            }
        }
        return out;
    }

    /** A figure of {@code scenario} divided by the same figure of {@code baseline} in the same round, per round. */
    public static List<Double> ratios(
            List<? extends Run> runs, Object scenario, Object baseline, ToDoubleFunction<SteadyWindow> f) {
        List<Double> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.scenario() != scenario) {
                continue;
            }
            for (Run b : runs) {
                if (b.scenario() == baseline && b.round() == r.round()) {
                    out.add(f.applyAsDouble(r.window()) / f.applyAsDouble(b.window()));
                }
            }
        }
        return out;
    }
}
