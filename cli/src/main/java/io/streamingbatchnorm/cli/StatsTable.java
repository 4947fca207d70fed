package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The statistics of several keys as an aligned text table; numbers are rounded for reading (JSON has them exact). */
final class StatsTable {
    private static final String[] HEADER = {"KEY", "VERSION", "MODE", "COUNT", "DIM", "LAST EVENT TIME", "MEAN", "VAR"};

    private StatsTable() {}

    /** The table, one line per snapshot, showing the first {@code features} means and variances. */
    static List<String> format(Collection<StatsSnapshot> snapshots, int features) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (StatsSnapshot s : snapshots) {
            rows.add(new String[] {
                s.getKey(),
                Long.toString(s.getVersion()),
                s.getMode().name(),
                Long.toString(s.getCount()),
                Integer.toString(s.getRunningMean().size()),
                s.getEventTime() == null ? "-" : s.getEventTime().toString(),
                first(s.getRunningMean(), features),
                first(s.getRunningVar(), features)
            });
        }
        return TextColumns.align(rows, c -> c == 1 || c == 3 || c == 4);
    }

    /** The first {@code n} values as {@code [1.234, 5.678, ...]}. */
    static String first(List<Double> values, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, values.size()); i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", values.get(i)));
        }
        if (values.size() > n) {
            b.append(n == 0 ? "..." : ", ...");
        }
        return b.append(']').toString();
    }
}
