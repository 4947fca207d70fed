package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.DriftEvent;
import java.util.List;
import java.util.Locale;

/**
 * Drift events as lines of a table that grows as events arrive: fixed column widths, so that a line can be printed
 * as soon as its event is read (a longer key widens its own line only). Numbers are rounded for reading; {@code
 * --format json} has them exact.
 */
final class DriftTable {
    /** Crossed features shown per line before the rest are counted. */
    static final int SHOWN = 4;

    private static final String FORMAT = "%-24s  %-24s  %-16s  %-5s  %7s  %7s  %s";

    private DriftTable() {}

    static String header() {
        return String.format(
                        Locale.ROOT,
                        FORMAT,
                        "FIRST EVENT TIME",
                        "LAST EVENT TIME",
                        "KEY",
                        "MODE",
                        "VERSION",
                        "RECORDS",
                        "CROSSED: FEATURE (SHIFT, RATIO)")
                .stripTrailing();
    }

    static String line(DriftEvent e) {
        return String.format(
                        Locale.ROOT,
                        FORMAT,
                        e.getFirstEventTime(),
                        e.getLastEventTime(),
                        e.getKey(),
                        e.getMode().name(),
                        e.getStatsVersion(),
                        e.getWindowSize(),
                        crossed(e))
                .stripTrailing();
    }

    /** {@code 0 (+1.50, 1.00)  3 (-0.250, 4.50)}, then {@code +N more}. */
    static String crossed(DriftEvent e) {
        List<Integer> crossed = e.getCrossed();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN, crossed.size()); i++) {
            int j = crossed.get(i);
            b.append(i == 0 ? "" : "  ")
                    .append(j)
                    .append(" (")
                    .append(number(e.getShift().get(j), true))
                    .append(", ")
                    .append(number(e.getRatio().get(j), false))
                    .append(')');
        }
        if (crossed.size() > SHOWN) {
            b.append("  +").append(crossed.size() - SHOWN).append(" more");
        }
        return b.toString();
    }

    private static String number(Double v, boolean signed) {
        if (v == null) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? (signed ? "+inf" : "inf") : "-inf";
        }
        return String.format(Locale.ROOT, signed ? "%+.3g" : "%.3g", v);
    }
}
