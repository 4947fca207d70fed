package io.streamingbatchnorm.core;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The normalization flags: name, default and meaning of each, and parsing from text.
 *
 * <p>This list is the single source of the configuration table in the documentation.
 */
public final class NormalizerOptions {

    /** One flag: its name without dashes, its default as written on the command line, and its meaning. */
    public record Option(
            String name,
            String defaultValue,
            String description,
            BiConsumer<NormalizerConfig.Builder, String> setter) {}

    public static final List<Option> ALL = List.of(
            new Option(
                    "batch-size",
                    "32",
                    "Records per count micro-batch (used when --window is not set).",
                    (b, v) -> b.batchSize(parseInt("batch-size", v))),
            new Option(
                    "window",
                    "",
                    "Event-time tumbling window length (e.g. 10s, 7d); when set, micro-batches are event-time windows instead of counts.",
                    (b, v) -> b.window(v.isBlank() ? null : Durations.parse("window", v))),
            new Option(
                    "max-batch-delay",
                    "1m",
                    "A partial count batch closes when the watermark passes its first record's event time plus this.",
                    (b, v) -> b.maxBatchDelay(Durations.parse("max-batch-delay", v))),
            new Option(
                    "max-out-of-orderness",
                    "1s",
                    "Bounded out-of-orderness of event time for watermarks.",
                    (b, v) -> b.maxOutOfOrderness(Durations.parse("max-out-of-orderness", v))),
            new Option(
                    "momentum",
                    "0.9",
                    "Weight of the old running value in [0, 1) (Keras convention; PyTorch's momentum is 1 - this).",
                    (b, v) -> b.momentum(parseDouble("momentum", v))),
            new Option(
                    "epsilon",
                    "1e-5",
                    "Added to the variance before the square root; >= 0.",
                    (b, v) -> b.epsilon(parseDouble("epsilon", v))),
            new Option(
                    "min-batch-size",
                    "2",
                    "A feature with fewer present values in a batch is normalized with the running statistics, which it leaves unchanged.",
                    (b, v) -> b.minBatchSize(parseInt("min-batch-size", v))),
            new Option(
                    "initial-mode",
                    "train",
                    "Mode of a key when first seen and after RESET: train or eval.",
                    (b, v) -> b.initialMode(parseEnum("initial-mode", v, Mode.class))),
            new Option(
                    "running",
                    "ema",
                    "Running statistics: ema (momentum) or cumulative (exact pooled mean and variance).",
                    (b, v) -> b.running(parseEnum("running", v, Running.class))),
            new Option(
                    "running-variance",
                    "biased",
                    "Variance folded into the running variance: biased (divide by n) or unbiased (n-1, as PyTorch).",
                    (b, v) -> b.runningVariance(parseEnum("running-variance", v, RunningVariance.class))),
            new Option(
                    "missing",
                    "nan",
                    "Output of a missing input value: nan (stays missing) or impute (beta).",
                    (b, v) -> b.missing(parseEnum("missing", v, MissingPolicy.class))),
            new Option(
                    "init",
                    "zeros",
                    "Running statistics before the first batch: zeros (mean 0, variance 1) or first-batch.",
                    (b, v) -> b.init(parseEnum("init", v, InitPolicy.class))),
            new Option(
                    "max-dimension",
                    "4096",
                    "Largest number of values a record may have; longer records go to the dead-letter output.",
                    (b, v) -> b.maxDimension(parseInt("max-dimension", v))),
            new Option(
                    "control-issuers",
                    "",
                    "Comma-separated issuers allowed to send control commands; empty allows any.",
                    (b, v) -> b.allowedIssuers(parseSet(v))));

    private NormalizerOptions() {}

    /**
     * Builds a configuration from flag values; absent flags keep their defaults.
     *
     * @throws ConfigException for an unknown flag or a bad value, naming the flag
     */
    public static NormalizerConfig parse(Map<String, String> values) {
        NormalizerConfig.Builder builder = NormalizerConfig.builder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            option(e.getKey()).setter().accept(builder, e.getValue());
        }
        return builder.build();
    }

    public static Option option(String name) {
        for (Option o : ALL) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new ConfigException(
                name, "unknown option; known: " + ALL.stream().map(Option::name).collect(Collectors.joining(", ")));
    }

    static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(option, "'" + v + "' is not a whole number");
        }
    }

    static double parseDouble(String option, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(option, "'" + v + "' is not a number");
        }
    }

    static <E extends Enum<E>> E parseEnum(String option, String v, Class<E> type) {
        String wanted = v.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new ConfigException(
                option,
                "'" + v + "' is not one of "
                        + Arrays.stream(type.getEnumConstants())
                                .map(NormalizerOptions::flagForm)
                                .collect(Collectors.joining(", ")));
    }

    /** An enum constant as written on the command line: {@code FIRST_BATCH} is {@code first-batch}. */
    public static String flagForm(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Set<String> parseSet(String v) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
