package io.streamingbatchnorm.core.config;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.Durations;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One setting of an engine: its key (the command-line flag without dashes), its type, its default, how it is
 * parsed from text, what values it accepts, and what it means.
 *
 * <p>Each engine declares its settings as constants of this type ({@code NormalizerOptions}, {@code JobOptions},
 * {@code ServingOptions}); the command-line flags, the configuration tables of the documentation, the validation
 * messages and the configuration records all come from those constants, so they cannot drift apart. A refused
 * value is a {@link ConfigException} naming the key.
 *
 * <p>Immutable; the {@code with...} methods return a new option.
 *
 * @param <T> the type of the value; a {@code null} default means the setting is off or unset by default
 */
public final class ConfigOption<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Turns a flag's text into a value, or throws an {@link IllegalArgumentException} saying why not. */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        T parse(String text);
    }

    /** What is wrong with a value, or {@code null} when it is acceptable. */
    @FunctionalInterface
    public interface Check<T> extends Serializable {
        String problem(T value);
    }

    /** Writes a value back in the form its flag takes, so that parsing it gives the same value. */
    @FunctionalInterface
    public interface Printer<T> extends Serializable {
        String print(T value);
    }

    private final String key;
    private final Class<?> type;
    private final T defaultValue;
    private final String description;
    private final Parser<T> parser;
    private final Printer<T> printer;
    private final List<Check<T>> checks;

    private ConfigOption(
            String key,
            Class<?> type,
            T defaultValue,
            String description,
            Parser<T> parser,
            Printer<T> printer,
            List<Check<T>> checks) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
        this.printer = printer;
        this.checks = List.copyOf(checks);
    }

    /** A whole number. */
    public static ConfigOption<Integer> integer(String key, Integer defaultValue) {
        return of(key, Integer.class, defaultValue, text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
        });
    }

    /** A whole number that may exceed the range of an int. */
    public static ConfigOption<Long> longInteger(String key, Long defaultValue) {
        return of(key, Long.class, defaultValue, text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
        });
    }

    /** A number, written as Java reads it ({@code 0.9}, {@code 1e-5}). */
    public static ConfigOption<Double> number(String key, Double defaultValue) {
        return new ConfigOption<>(
                key,
                Double.class,
                defaultValue,
                "",
                text -> {
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "' is not a number");
                    }
                },
                ConfigOption::printNumber,
                List.of());
    }

    /** A duration in the flag form {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 7d}. */
    public static ConfigOption<Duration> duration(String key, Duration defaultValue) {
        return new ConfigOption<>(
                key,
                Duration.class,
                defaultValue,
                "",
                text -> Durations.parse(key, text),
                Durations::format,
                List.of());
    }

    /** Text, taken as it is (trimmed). */
    public static ConfigOption<String> text(String key, String defaultValue) {
        return of(key, String.class, defaultValue, text -> text);
    }

    /** On or off: {@code true} or {@code false}. */
    public static ConfigOption<Boolean> bool(String key, Boolean defaultValue) {
        return of(key, Boolean.class, defaultValue, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        });
    }

    /** One constant of {@code type}, written in flag form: {@code FIRST_BATCH} is {@code first-batch}. */
    public static <E extends Enum<E>> ConfigOption<E> choice(String key, Class<E> type, E defaultValue) {
        return new ConfigOption<>(
                key, type, defaultValue, "", text -> parseChoice(text, type), ConfigOption::flagForm, List.of());
    }

    /** A comma-separated set of names; blank entries are skipped. */
    public static ConfigOption<Set<String>> names(String key) {
        return new ConfigOption<>(
                key,
                Set.class,
                Set.of(),
                "",
                text -> {
                    Set<String> out = new LinkedHashSet<>();
                    for (String part : text.split(",")) {
                        if (!part.isBlank()) {
                            out.add(part.trim());
                        }
                    }
                    return Set.copyOf(out);
                },
                value -> String.join(",", value),
                List.of());
    }

    private static <T> ConfigOption<T> of(String key, Class<T> type, T defaultValue, Parser<T> parser) {
        return new ConfigOption<>(key, type, defaultValue, "", parser, String::valueOf, List.of());
    }

    /** The same option with its meaning, as the help and the documentation show it. */
    public ConfigOption<T> withDescription(String text) {
        return new ConfigOption<>(key, type, defaultValue, text, parser, printer, checks);
    }

    /** The same option, also refusing the values for which {@code check} names a problem. */
    public ConfigOption<T> withCheck(Check<T> check) {
        List<Check<T>> more = new ArrayList<>(checks);
        more.add(check);
        return new ConfigOption<>(key, type, defaultValue, description, parser, printer, more);
    }

    /** The same option under another key and default, for an engine that names the same setting differently. */
    public ConfigOption<T> withKey(String otherKey, T otherDefault) {
        return new ConfigOption<>(otherKey, type, otherDefault, description, parser, printer, checks);
    }

    /** The same option with another default. */
    public ConfigOption<T> withDefault(T otherDefault) {
        return new ConfigOption<>(key, type, otherDefault, description, parser, printer, checks);
    }

    public String key() {
        return key;
    }

    /** The flag as typed on the command line: {@code --key}. */
    public String flag() {
        return "--" + key;
    }

    /** The class of the value, for the documentation. */
    public Class<?> type() {
        return type;
    }

    /** The default, or {@code null} when the setting has none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as written on the command line, or {@code ""} when there is none. */
    public String defaultText() {
        return defaultValue == null ? "" : printer.print(defaultValue);
    }

    public String description() {
        return description;
    }

    /** {@code value} as written on the command line. */
    public String print(T value) {
        return value == null ? "" : printer.print(value);
    }

    /**
     * The value of {@code text}: no text means the default, and so does blank text for an option that is off by
     * default; otherwise the parsed value, checked (so a blank topic name is refused, not taken as the default).
     *
     * @throws ConfigException naming this option when the text cannot be parsed or the value is refused
     */
    public T parse(String text) {
        if (text == null || (text.isBlank() && defaultValue == null)) {
            return defaultValue;
        }
        T value;
        try {
            value = parser.parse(text.trim());
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
        return check(value);
    }

    /**
     * Returns {@code value} if every check of this option accepts it.
     *
     * @throws ConfigException naming this option with the first problem found
     */
    public T check(T value) {
        for (Check<T> c : checks) {
            String problem = c.problem(value);
            if (problem != null) {
                throw new ConfigException(key, problem);
            }
        }
        return value;
    }

    /** A check that a whole number is at least {@code min}. */
    public static <N extends Number & Comparable<N>> Check<N> atLeast(N min) {
        return v -> v == null || v.compareTo(min) >= 0 ? null : "must be at least " + min + ", got " + v;
    }

    /** A check that a whole number lies in {@code [min, max]}. */
    public static <N extends Number & Comparable<N>> Check<N> between(N min, N max) {
        return v -> v == null || (v.compareTo(min) >= 0 && v.compareTo(max) <= 0)
                ? null
                : "must be in [" + min + ", " + max + "], got " + v;
    }

    /** A check that a duration is longer than zero. */
    public static Check<Duration> positive() {
        return v -> v == null || (!v.isNegative() && !v.isZero())
                ? null
                : "must be a positive duration such as 10s, got " + Durations.format(v);
    }

    /** A check that a duration is not negative. */
    public static Check<Duration> notNegative() {
        return v -> v == null || !v.isNegative() ? null : "must not be negative";
    }

    /** A check that text is not blank. */
    public static Check<String> required(String what) {
        return v -> v != null && !v.isBlank() ? null : "is required: " + what;
    }

    /** An enum constant as written on the command line: {@code FIRST_BATCH} is {@code first-batch}. */
    public static String flagForm(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> E parseChoice(String text, Class<E> type) {
        String wanted = text.replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of "
                + Arrays.stream(type.getEnumConstants())
                        .map(ConfigOption::flagForm)
                        .collect(Collectors.joining(", ")));
    }

    /** Shortest text that reads back to {@code v}, in the form people write: {@code 1e-5}, not {@code 1.0E-5}. */
    private static String printNumber(Double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return Double.toString(v).replace("E", "e").replace(".0e", "e");
    }

    @Override
    public String toString() {
        return flag();
    }
}
