package io.streamingbatchnorm.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The normalization settings of a job, validated once when built.
 *
 * <p>Every field corresponds to a flag of the same name in {@link NormalizerOptions}; a refused value
 * throws a {@link ConfigException} naming that flag and the allowed range.
 *
 * @param window the event-time tumbling window length, or {@code null} for count batches
 */
public record NormalizerConfig(
        int batchSize,
        Duration window,
        Duration maxBatchDelay,
        Duration maxOutOfOrderness,
        double momentum,
        double epsilon,
        int minBatchSize,
        Mode initialMode,
        Running running,
        RunningVariance runningVariance,
        MissingPolicy missing,
        InitPolicy init,
        int maxDimension,
        Set<String> allowedIssuers)
        implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(1);
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_EPSILON = 1e-5;
    public static final int DEFAULT_MIN_BATCH_SIZE = 2;
    public static final int DEFAULT_MAX_DIMENSION = 4096;
    /** Above this, one record's values alone would not fit a Kafka message of the default size. */
    public static final int LARGEST_MAX_DIMENSION = 1_000_000;

    public NormalizerConfig {
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        Objects.requireNonNull(initialMode, "initialMode");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(runningVariance, "runningVariance");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(init, "init");
        allowedIssuers = Set.copyOf(allowedIssuers == null ? Set.of() : allowedIssuers);
        if (batchSize < 1) {
            throw new ConfigException("batch-size", "must be at least 1, got " + batchSize);
        }
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new ConfigException("window", "must be a positive duration such as 10s, got " + window);
        }
        if (maxBatchDelay.isNegative() || maxBatchDelay.isZero()) {
            throw new ConfigException("max-batch-delay", "must be a positive duration such as 10s");
        }
        if (maxOutOfOrderness.isNegative()) {
            throw new ConfigException("max-out-of-orderness", "must not be negative");
        }
        if (!(momentum >= 0.0 && momentum < 1.0)) {
            throw new ConfigException(
                    "momentum",
                    "must be in [0, 1) (the weight of the old running value; PyTorch's momentum p is 1 - p here), got "
                            + momentum);
        }
        if (!(epsilon >= 0.0) || Double.isInfinite(epsilon)) {
            throw new ConfigException("epsilon", "must be a finite number >= 0, got " + epsilon);
        }
        if (minBatchSize < 1) {
            throw new ConfigException("min-batch-size", "must be at least 1, got " + minBatchSize);
        }
        if (runningVariance == RunningVariance.UNBIASED && minBatchSize < 2) {
            throw new ConfigException(
                    "min-batch-size",
                    "must be at least 2 with --running-variance unbiased (it divides by n-1), got " + minBatchSize);
        }
        if (maxDimension < 1 || maxDimension > LARGEST_MAX_DIMENSION) {
            throw new ConfigException(
                    "max-dimension", "must be in [1, " + LARGEST_MAX_DIMENSION + "], got " + maxDimension);
        }
    }

    /** The defaults of DESIGN section 4.4: count batches of 32, momentum 0.9, epsilon 1e-5. */
    public static NormalizerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .batchSize(batchSize)
                .window(window)
                .maxBatchDelay(maxBatchDelay)
                .maxOutOfOrderness(maxOutOfOrderness)
                .momentum(momentum)
                .epsilon(epsilon)
                .minBatchSize(minBatchSize)
                .initialMode(initialMode)
                .running(running)
                .runningVariance(runningVariance)
                .missing(missing)
                .init(init)
                .maxDimension(maxDimension)
                .allowedIssuers(allowedIssuers);
    }

    public Windowing windowing() {
        return window == null ? Windowing.COUNT : Windowing.EVENT_TIME;
    }

    /** The control parameters a key starts with, and returns to on RESET. */
    public ControlState initialControl() {
        return ControlState.initial(initialMode, momentum, epsilon);
    }

    /** Collects settings; {@link #build()} validates them all at once. */
    public static final class Builder {
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration window;
        private Duration maxBatchDelay = DEFAULT_MAX_BATCH_DELAY;
        private Duration maxOutOfOrderness = DEFAULT_MAX_OUT_OF_ORDERNESS;
        private double momentum = DEFAULT_MOMENTUM;
        private double epsilon = DEFAULT_EPSILON;
        private int minBatchSize = DEFAULT_MIN_BATCH_SIZE;
        private Mode initialMode = Mode.TRAIN;
        private Running running = Running.EMA;
        private RunningVariance runningVariance = RunningVariance.BIASED;
        private MissingPolicy missing = MissingPolicy.NAN;
        private InitPolicy init = InitPolicy.ZEROS;
        private int maxDimension = DEFAULT_MAX_DIMENSION;
        private Set<String> allowedIssuers = Set.of();

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder window(Duration v) {
            window = v;
            return this;
        }

        public Builder maxBatchDelay(Duration v) {
            maxBatchDelay = v;
            return this;
        }

        public Builder maxOutOfOrderness(Duration v) {
            maxOutOfOrderness = v;
            return this;
        }

        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder minBatchSize(int v) {
            minBatchSize = v;
            return this;
        }

        public Builder initialMode(Mode v) {
            initialMode = v;
            return this;
        }

        public Builder running(Running v) {
            running = v;
            return this;
        }

        public Builder runningVariance(RunningVariance v) {
            runningVariance = v;
            return this;
        }

        public Builder missing(MissingPolicy v) {
            missing = v;
            return this;
        }

        public Builder init(InitPolicy v) {
            init = v;
            return this;
        }

        public Builder maxDimension(int v) {
            maxDimension = v;
            return this;
        }

        public Builder allowedIssuers(Set<String> v) {
            allowedIssuers = v;
            return this;
        }

        public NormalizerConfig build() {
            return new NormalizerConfig(
                    batchSize,
                    window,
                    maxBatchDelay,
                    maxOutOfOrderness,
                    momentum,
                    epsilon,
                    minBatchSize,
                    initialMode,
                    running,
                    runningVariance,
                    missing,
                    init,
                    maxDimension,
                    allowedIssuers);
        }
    }
}
