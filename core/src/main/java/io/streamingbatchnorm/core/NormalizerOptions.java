package io.streamingbatchnorm.core;

import static io.streamingbatchnorm.core.config.ConfigOption.atLeast;
import static io.streamingbatchnorm.core.config.ConfigOption.between;

import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.OptionValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The normalization settings, the same in every engine: key, default, accepted values and meaning of each.
 *
 * <p>This list is the single source of the normalization flags of every command and of the configuration
 * table in the documentation; {@link NormalizerConfig} checks its values with these options' checks.
 */
public final class NormalizerOptions {
    /** Above this, one record's values alone would not fit a Kafka message of the default size. */
    public static final int LARGEST_MAX_DIMENSION = 1_000_000;

    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOption.integer("batch-size", 32)
            .withCheck(atLeast(1))
            .withDescription("Records per count micro-batch (used when --window is not set).");

    public static final ConfigOption<Duration> WINDOW = ConfigOption.duration("window", null)
            .withCheck(ConfigOption.positive())
            .withDescription("Event-time tumbling window length (e.g. 10s, 7d); when set, micro-batches are event-time"
                    + " windows instead of counts.");

    public static final ConfigOption<Duration> MAX_BATCH_DELAY = ConfigOption.duration(
                    "max-batch-delay", Duration.ofMinutes(1))
            .withCheck(ConfigOption.positive())
            .withDescription(
                    "A partial count batch closes when the watermark passes its first record's event time plus this.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS = ConfigOption.duration(
                    "max-out-of-orderness", Duration.ofSeconds(1))
            .withCheck(ConfigOption.notNegative())
            .withDescription("Bounded out-of-orderness of event time for watermarks.");

    public static final ConfigOption<Double> MOMENTUM = ConfigOption.number("momentum", 0.9)
            .withCheck(v -> v >= 0.0 && v < 1.0
                    ? null
                    : "must be in [0, 1) (the weight of the old running value; PyTorch's momentum p is 1 - p here), got "
                            + v)
            .withDescription(
                    "Weight of the old running value in [0, 1) (Keras convention; PyTorch's momentum is 1 - this).");

    public static final ConfigOption<Double> EPSILON = ConfigOption.number("epsilon", 1e-5)
            .withCheck(v -> v >= 0.0 && !Double.isInfinite(v) ? null : "must be a finite number >= 0, got " + v)
            .withDescription("Added to the variance before the square root; >= 0.");

    public static final ConfigOption<Integer> MIN_BATCH_SIZE = ConfigOption.integer("min-batch-size", 2)
            .withCheck(atLeast(1))
            .withDescription("A feature with fewer present values in a batch is normalized with the running"
                    + " statistics, which it leaves unchanged.");

    public static final ConfigOption<Mode> INITIAL_MODE = ConfigOption.choice("initial-mode", Mode.class, Mode.TRAIN)
            .withDescription("Mode of a key when first seen and after RESET: train or eval.");

    public static final ConfigOption<Running> RUNNING = ConfigOption.choice("running", Running.class, Running.EMA)
            .withDescription("Running statistics: ema (momentum) or cumulative (exact pooled mean and variance).");

    public static final ConfigOption<RunningVariance> RUNNING_VARIANCE = ConfigOption.choice(
                    "running-variance", RunningVariance.class, RunningVariance.BIASED)
            .withDescription("Variance folded into the running variance: biased (divide by n) or unbiased (n-1, as"
                    + " PyTorch).");

    public static final ConfigOption<MissingPolicy> MISSING = ConfigOption.choice(
                    "missing", MissingPolicy.class, MissingPolicy.NAN)
            .withDescription("Output of a missing input value: nan (stays missing) or impute (beta).");

    public static final ConfigOption<InitPolicy> INIT = ConfigOption.choice("init", InitPolicy.class, InitPolicy.ZEROS)
            .withDescription("Running statistics before the first batch: zeros (mean 0, variance 1) or first-batch.");

    public static final ConfigOption<Integer> MAX_DIMENSION = ConfigOption.integer("max-dimension", 4096)
            .withCheck(between(1, LARGEST_MAX_DIMENSION))
            .withDescription(
                    "Largest number of values a record may have; longer records go to the dead-letter output.");

    public static final ConfigOption<Set<String>> CONTROL_ISSUERS = ConfigOption.names("control-issuers")
            .withDescription("Comma-separated issuers allowed to send control commands; empty allows any.");

    /** Every normalization option, in the order of the documentation. */
    public static final List<ConfigOption<?>> ALL = List.of(
            BATCH_SIZE,
            WINDOW,
            MAX_BATCH_DELAY,
            MAX_OUT_OF_ORDERNESS,
            MOMENTUM,
            EPSILON,
            MIN_BATCH_SIZE,
            INITIAL_MODE,
            RUNNING,
            RUNNING_VARIANCE,
            MISSING,
            INIT,
            MAX_DIMENSION,
            CONTROL_ISSUERS);

    private NormalizerOptions() {}

    /**
     * Builds a configuration from option text; absent options keep their defaults.
     *
     * @throws ConfigException for an unknown option or a bad value, naming the option
     */
    public static NormalizerConfig parse(Map<String, String> text) {
        return from(OptionValues.parse(ALL, text));
    }

    /** The configuration these values describe, checked as a whole. */
    public static NormalizerConfig from(OptionValues v) {
        return NormalizerConfig.builder()
                .batchSize(v.get(BATCH_SIZE))
                .window(v.get(WINDOW))
                .maxBatchDelay(v.get(MAX_BATCH_DELAY))
                .maxOutOfOrderness(v.get(MAX_OUT_OF_ORDERNESS))
                .momentum(v.get(MOMENTUM))
                .epsilon(v.get(EPSILON))
                .minBatchSize(v.get(MIN_BATCH_SIZE))
                .initialMode(v.get(INITIAL_MODE))
                .running(v.get(RUNNING))
                .runningVariance(v.get(RUNNING_VARIANCE))
                .missing(v.get(MISSING))
                .init(v.get(INIT))
                .maxDimension(v.get(MAX_DIMENSION))
                .allowedIssuers(v.get(CONTROL_ISSUERS))
                .build();
    }
}
