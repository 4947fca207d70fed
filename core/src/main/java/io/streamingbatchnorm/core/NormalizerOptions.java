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

    /**
     * The largest accepted {@code --max-abs-value}: with every value in {@code [-L, L]}, no statistic of any running
     * mode can overflow.
     *
     * <p>Why. Every mean is a weighted average of values, so it lies in {@code [-L, L]}, and every deviation from a
     * mean is at most {@code 2L}. The largest intermediate of any fold is the between-groups term of the pooled sum
     * of squares (Chan's merge, used by {@code cumulative} and {@code decay}): {@code delta * delta * W_a * (W_b /
     * W) <= (2L)^2 * W_a}, where {@code W_a} is the weight already folded in: at most {@code Long.MAX_VALUE < 2^63}
     * values of weight at most 1 (decay weights are at most 1, relative to the newest value) plus a prior weight of
     * at most {@link Prior#MAX_WEIGHT} {@code = 1e18 < 2^60}, so {@code W_a < 2^64} and the term is below {@code
     * 2^66 L^2}. Keeping it below {@code Double.MAX_VALUE = 1.797e308} needs {@code L^2 < 1.797e308 / 2^66 =
     * 2.44e288}, {@code L < 1.56e144}; {@code 1e144} leaves a factor 2.4 for rounding. Everything else is smaller: a
     * batch's sum of squares is at most {@code 2^31 (2L)^2} (an array has fewer than {@code 2^31} rows) and its sum
     * of values at most {@code 2^31 L}; a pooled sum of squares is at most {@code W L^2} (a variance of values in
     * {@code [-L, L]} is at most {@code L^2}); {@code ema} and {@code average} take convex combinations of means and
     * of variances (at most {@code 2 L^2} with the {@code n/(n-1)} correction); prior variances are refused above
     * {@code L^2}.
     *
     * <p>Normalized values are not statistics: {@code |x - mean| * |gamma| / sqrt(variance + epsilon)} can exceed
     * the range of a double with a tiny epsilon whatever the bound; such a record is reported with {@link
     * ReasonCode#NON_FINITE_OUTPUT} instead of being emitted.
     */
    public static final double LARGEST_MAX_ABS_VALUE = 1e144;

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
            .withDescription("Running statistics: ema (momentum), cumulative (exact pooled mean and variance), average"
                    + " (plain average of the batches' means and variances, PyTorch's momentum=None) or decay (pooled"
                    + " mean and variance, each value weighing 2^(event time / --half-life)).");

    public static final ConfigOption<Duration> HALF_LIFE = ConfigOption.duration("half-life", null)
            .withCheck(v -> v == null || millis(v) >= 1 ? null : "must be at least 1ms, got " + Durations.format(v))
            .withDescription("With --running decay (required there, refused otherwise): the event-time span after which"
                    + " a value weighs half as much.");

    public static final ConfigOption<Boolean> RENORM = ConfigOption.bool("renorm", false)
            .withDescription("Batch Renormalization (Ioffe 2017) in train mode: batch-normalized values are corrected"
                    + " towards the running statistics by r and d, clipped by --renorm-rmax and --renorm-dmax.");

    public static final ConfigOption<Double> RENORM_RMAX = ConfigOption.number("renorm-rmax", 3.0)
            .withCheck(v -> v >= 1.0 && Double.isFinite(v) ? null : "must be a finite number >= 1, got " + v)
            .withDescription("With --renorm: r = s_batch / s_running is clipped to [1/rmax, rmax].");

    public static final ConfigOption<Double> RENORM_DMAX = ConfigOption.number("renorm-dmax", 5.0)
            .withCheck(v -> v >= 0.0 && Double.isFinite(v) ? null : "must be a finite number >= 0, got " + v)
            .withDescription("With --renorm: d = (mean_batch - mean_running) / s_running is clipped to [-dmax, dmax].");

    public static final ConfigOption<Integer> RENORM_WARMUP = ConfigOption.integer("renorm-warmup", 0)
            .withCheck(atLeast(0))
            .withDescription("With --renorm: over a key's first N folded batches the clips open linearly from plain"
                    + " batch norm (rmax 1, dmax 0) to --renorm-rmax and --renorm-dmax.");

    public static final ConfigOption<LatePolicy> LATE = ConfigOption.choice(
                    "late", LatePolicy.class, LatePolicy.NORMALIZE)
            .withDescription("Late records (with --window): normalize (normalized with the running statistics, which"
                    + " they leave unchanged) or fold (also folded into the key's next batch; needs --running"
                    + " cumulative or decay).");

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

    /**
     * The default 1e100 is far above any measured quantity and 44 orders of magnitude below {@link
     * #LARGEST_MAX_ABS_VALUE}. With values, gamma and beta within it, an eval output stays finite for every epsilon
     * of at least 1e-215 ({@code 2e100 * 1e100 / sqrt(1e-215) < 1e308}): only epsilon 0 with a tiny variance can give
     * a {@link ReasonCode#NON_FINITE_OUTPUT}.
     */
    public static final ConfigOption<Double> MAX_ABS_VALUE = ConfigOption.number("max-abs-value", 1e100)
            .withCheck(v -> v > 0.0 && v <= LARGEST_MAX_ABS_VALUE
                    ? null
                    : "must be a number in (0, " + printed(LARGEST_MAX_ABS_VALUE)
                            + "] (above that the statistics of a key could overflow), got " + v)
            .withDescription("Largest magnitude a value, gamma, beta or prior mean may have (prior variances: its"
                    + " square); records beyond it go to the dead-letter output, so the statistics cannot overflow."
                    + " At most " + printed(LARGEST_MAX_ABS_VALUE) + ".");

    public static final ConfigOption<Double> DRIFT_SHIFT = ConfigOption.number("drift-shift", 1.0)
            .withCheck(v -> v > 0.0 && Double.isFinite(v) ? null : "must be a finite number > 0, got " + v)
            .withDescription("A drift event is published when a feature's mean moved by more than this many running"
                    + " standard deviations: |batch mean - running mean| / sqrt(running variance + epsilon).");

    public static final ConfigOption<Double> DRIFT_RATIO = ConfigOption.number("drift-ratio", 4.0)
            .withCheck(v -> v > 1.0 && Double.isFinite(v) ? null : "must be a finite number > 1, got " + v)
            .withDescription("A drift event is published when a feature's (batch variance + epsilon) / (running"
                    + " variance + epsilon) leaves [1/this, this].");

    public static final ConfigOption<Integer> DRIFT_WINDOW = ConfigOption.integer("drift-window", 256)
            .withCheck(atLeast(2))
            .withDescription("In eval mode, drift is measured over each tumbling window of this many eval records of a"
                    + " key, against the frozen statistics.");

    public static final ConfigOption<Duration> KEY_TTL = ConfigOption.duration("key-ttl", null)
            .withCheck(ConfigOption.positive())
            .withDescription("A key without records for this long in event time is forgotten (its control and window"
                    + " state cleared); if it returns it starts from its initial or prior statistics. Off by default.");

    /** Kafka's default max.request.size is 1 MiB: a dead letter must fit in it with its other fields. */
    public static final ConfigOption<Integer> MAX_DEAD_LETTER_BYTES = ConfigOption.integer(
                    "max-dead-letter-bytes", 64 * 1024)
            .withCheck(between(1024, 512 * 1024))
            .withDescription("Longest input a dead letter carries whole; of a longer one it keeps this many first"
                    + " bytes and the original length.");

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
            HALF_LIFE,
            RENORM,
            RENORM_RMAX,
            RENORM_DMAX,
            RENORM_WARMUP,
            LATE,
            MAX_DIMENSION,
            MAX_ABS_VALUE,
            MAX_DEAD_LETTER_BYTES,
            KEY_TTL,
            CONTROL_ISSUERS,
            DRIFT_SHIFT,
            DRIFT_RATIO,
            DRIFT_WINDOW);

    private NormalizerOptions() {}

    /** The milliseconds of {@code d}, or {@code Long.MAX_VALUE} when they do not fit a long. */
    static long millis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A bound as written on the command line ({@code 1e144}), for messages. */
    static String printed(double v) {
        return Double.toString(v).replace("E", "e").replace(".0e", "e");
    }

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
                .halfLife(v.get(HALF_LIFE))
                .renorm(v.get(RENORM))
                .renormRmax(v.get(RENORM_RMAX))
                .renormDmax(v.get(RENORM_DMAX))
                .renormWarmup(v.get(RENORM_WARMUP))
                .late(v.get(LATE))
                .maxDimension(v.get(MAX_DIMENSION))
                .maxAbsValue(v.get(MAX_ABS_VALUE))
                .maxDeadLetterBytes(v.get(MAX_DEAD_LETTER_BYTES))
                .keyTtl(v.get(KEY_TTL))
                .allowedIssuers(v.get(CONTROL_ISSUERS))
                .drift(new DriftThresholds(v.get(DRIFT_SHIFT), v.get(DRIFT_RATIO), v.get(DRIFT_WINDOW)))
                .build();
    }
}
