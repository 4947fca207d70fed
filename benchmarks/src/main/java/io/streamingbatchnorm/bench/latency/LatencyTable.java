package io.streamingbatchnorm.bench.latency;

import io.streamingbatchnorm.bench.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency percentiles of one or more paced runs, one row each, with the CPU each process used. */
public final class LatencyTable {
    private LatencyTable() {}

    /** @param rows each run's result by its label (what ran, with which settings) */
    public static Table of(String labelHeader, Map<String, LatencyResult> rows) {
        List<String> header = new ArrayList<>(List.of(
                labelHeader,
                "offered records/s",
                "measured records",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "p99.9 ms",
                "max ms",
                "producer max behind schedule ms"));
        List<String> processes = rows.isEmpty()
                ? List.of()
                : List.copyOf(rows.values().iterator().next().cores().keySet());
        for (String process : processes) {
            header.add("CPU cores: " + process);
        }
        Table t = new Table(header.toArray(String[]::new));
        rows.forEach((label, r) -> {
            Histogram h = r.histogram();
            List<Object> cells = new ArrayList<>(List.of(
                    label,
                    Table.num(r.rate(), 0),
                    Table.num(h.getTotalCount(), 0),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()),
                    ms(r.maxBehindNanos())));
            for (String process : processes) {
                cells.add(Table.num(r.cores().getOrDefault(process, Double.NaN), 2));
            }
            t.row(cells.toArray());
        });
        return t;
    }

    private static String ms(long nanos) {
        return Table.num(nanos / 1e6, 2);
    }
}
