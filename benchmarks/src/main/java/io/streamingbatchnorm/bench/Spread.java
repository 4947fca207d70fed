package io.streamingbatchnorm.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Per-round values of one figure, their median and how far the highest and the lowest lie from it. On a shared
 * machine a median alone hides whether the rounds agreed; the spread says how far to trust it.
 *
 * @param above the highest value relative to the median, minus one (0.08 is 8% above)
 * @param below the lowest value relative to the median, minus one (negative or zero)
 */
public record Spread(List<Double> values, double median, double above, double below) {

    public static Spread of(List<Double> values) {
        double median = median(values);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        return new Spread(List.copyOf(values), median, max / median - 1, min / median - 1);
    }

    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Whether every value lies within {@code fraction} of the median (0.10 for ±10%). */
    public boolean within(double fraction) {
        return above <= fraction && -below <= fraction;
    }

    /** The values in round order, e.g. {@code 0.71, 0.64, 0.73}. */
    public String perRound(int digits) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(Table.num(v, digits));
        }
        return b.toString();
    }

    /** The spread as {@code +3.1% / -9.9%}. */
    public String percent() {
        if (Double.isNaN(median)) {
            return "-";
        }
        return String.format(Locale.ROOT, "+%.1f%% / -%.1f%%", 100 * Math.abs(above), 100 * Math.abs(below));
    }
}
