package io.streamingbatchnorm.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations in the flag form {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 7d}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code text} for the flag {@code option}.
     *
     * @throws ConfigException naming the flag when the text is not a non-negative whole number with a unit
     */
    public static Duration parse(String option, String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new ConfigException(
                    option,
                    "'" + text + "' is not a duration; write a whole number with a unit: 500ms, 10s, 5m, 1h or 7d");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new ConfigException(option, "'" + text + "' is too large");
        }
        try {
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException e) {
            throw new ConfigException(option, "'" + text + "' is too large");
        }
    }

    /** The shortest exact flag form of {@code d}, so that {@code parse(format(d))} equals {@code d}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1_000L == 0 && ms != 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }
}
