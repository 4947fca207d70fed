package io.streamingbatchnorm.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The normalization settings of a job, validated once when built.
 *
 * <p>Every field corresponds to the option of the same name in {@link NormalizerOptions}, whose checks it
 * applies; a refused value throws a {@link ConfigException} naming that option and the allowed range.
 *
 * @param window the event-time tumbling window length, or {@code null} for count batches
 * @param halfLife the half-life of {@code --running decay}, or {@code null} with the other running modes
 * @param drift when batches and eval windows are reported as drift events
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
        Duration halfLife,
        boolean renorm,
        double renormRmax,
        double renormDmax,
        int renormWarmup,
        LatePolicy late,
        int maxDimension,
        double maxAbsValue,
        int maxDeadLetterBytes,
        Duration keyTtl,
        Set<String> allowedIssuers,
        DriftThresholds drift)
        implements Serializable {

    public NormalizerConfig {
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        Objects.requireNonNull(initialMode, "initialMode");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(runningVariance, "runningVariance");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(init, "init");
        allowedIssuers = Set.copyOf(allowedIssuers == null ? Set.of() : allowedIssuers);
        Objects.requireNonNull(late, "late");
        Objects.requireNonNull(drift, "drift");
        NormalizerOptions.BATCH_SIZE.check(batchSize);
        NormalizerOptions.WINDOW.check(window);
        NormalizerOptions.MAX_BATCH_DELAY.check(maxBatchDelay);
        NormalizerOptions.MAX_OUT_OF_ORDERNESS.check(maxOutOfOrderness);
        NormalizerOptions.MOMENTUM.check(momentum);
        NormalizerOptions.EPSILON.check(epsilon);
        NormalizerOptions.MIN_BATCH_SIZE.check(minBatchSize);
        NormalizerOptions.HALF_LIFE.check(halfLife);
        NormalizerOptions.RENORM_RMAX.check(renormRmax);
        NormalizerOptions.RENORM_DMAX.check(renormDmax);
        NormalizerOptions.RENORM_WARMUP.check(renormWarmup);
        NormalizerOptions.MAX_DIMENSION.check(maxDimension);
        NormalizerOptions.MAX_ABS_VALUE.check(maxAbsValue);
        NormalizerOptions.MAX_DEAD_LETTER_BYTES.check(maxDeadLetterBytes);
        NormalizerOptions.KEY_TTL.check(keyTtl);
        checkKeyTtl(keyTtl, window, maxBatchDelay, maxOutOfOrderness);
        // The fields are not assigned yet in a compact constructor: the rules get the parameters.
        OptionCombinations.check(
                running,
                runningVariance,
                minBatchSize,
                halfLife,
                renorm,
                renormRmax,
                renormDmax,
                renormWarmup,
                late,
                window);
    }

    /**
     * A key expires only after every batch of it has closed, so that no open batch outlives its statistics: the
     * TTL must be longer than a count batch can stay open, or than an event-time window plus the watermark's lag.
     */
    private static void checkKeyTtl(Duration ttl, Duration window, Duration maxBatchDelay, Duration lag) {
        if (ttl == null) {
            return;
        }
        Duration open = window == null ? maxBatchDelay : window.plus(lag);
        if (ttl.compareTo(open) <= 0) {
            String other = window == null
                    ? "--max-batch-delay " + Durations.format(maxBatchDelay)
                    : "--window " + Durations.format(window) + " plus --max-out-of-orderness " + Durations.format(lag);
            throw new ConfigException(
                    "key-ttl",
                    "must be longer than " + other + ", so that a key expires only after its batches have closed; got "
                            + Durations.format(ttl));
        }
    }

    /** The key TTL in milliseconds, or 0 when keys never expire. */
    public long keyTtlMillis() {
        return keyTtl == null ? 0 : NormalizerOptions.millis(keyTtl);
    }

    /**
     * The half-life of {@code --running decay} in milliseconds.
     *
     * @throws IllegalStateException with another running mode, which has no half-life
     */
    public long halfLifeMillis() {
        if (halfLife == null) {
            throw new IllegalStateException("no half-life: --running is " + running);
        }
        return NormalizerOptions.millis(halfLife);
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
                .halfLife(halfLife)
                .renorm(renorm)
                .renormRmax(renormRmax)
                .renormDmax(renormDmax)
                .renormWarmup(renormWarmup)
                .late(late)
                .maxDimension(maxDimension)
                .maxAbsValue(maxAbsValue)
                .maxDeadLetterBytes(maxDeadLetterBytes)
                .keyTtl(keyTtl)
                .allowedIssuers(allowedIssuers)
                .drift(drift);
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
        private int batchSize = NormalizerOptions.BATCH_SIZE.defaultValue();
        private Duration window = NormalizerOptions.WINDOW.defaultValue();
        private Duration maxBatchDelay = NormalizerOptions.MAX_BATCH_DELAY.defaultValue();
        private Duration maxOutOfOrderness = NormalizerOptions.MAX_OUT_OF_ORDERNESS.defaultValue();
        private double momentum = NormalizerOptions.MOMENTUM.defaultValue();
        private double epsilon = NormalizerOptions.EPSILON.defaultValue();
        private int minBatchSize = NormalizerOptions.MIN_BATCH_SIZE.defaultValue();
        private Mode initialMode = NormalizerOptions.INITIAL_MODE.defaultValue();
        private Running running = NormalizerOptions.RUNNING.defaultValue();
        private RunningVariance runningVariance = NormalizerOptions.RUNNING_VARIANCE.defaultValue();
        private MissingPolicy missing = NormalizerOptions.MISSING.defaultValue();
        private InitPolicy init = NormalizerOptions.INIT.defaultValue();
        private Duration halfLife = NormalizerOptions.HALF_LIFE.defaultValue();
        private boolean renorm = NormalizerOptions.RENORM.defaultValue();
        private double renormRmax = NormalizerOptions.RENORM_RMAX.defaultValue();
        private double renormDmax = NormalizerOptions.RENORM_DMAX.defaultValue();
        private int renormWarmup = NormalizerOptions.RENORM_WARMUP.defaultValue();
        private LatePolicy late = NormalizerOptions.LATE.defaultValue();
        private int maxDimension = NormalizerOptions.MAX_DIMENSION.defaultValue();
        private int maxDeadLetterBytes = NormalizerOptions.MAX_DEAD_LETTER_BYTES.defaultValue();
        private Duration keyTtl = NormalizerOptions.KEY_TTL.defaultValue();
        private double maxAbsValue = NormalizerOptions.MAX_ABS_VALUE.defaultValue();
        private Set<String> allowedIssuers = NormalizerOptions.CONTROL_ISSUERS.defaultValue();
        private DriftThresholds drift = DriftThresholds.defaults();

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

        public Builder halfLife(Duration v) {
            halfLife = v;
            return this;
        }

        public Builder renorm(boolean v) {
            renorm = v;
            return this;
        }

        public Builder renormRmax(double v) {
            renormRmax = v;
            return this;
        }

        public Builder renormDmax(double v) {
            renormDmax = v;
            return this;
        }

        public Builder renormWarmup(int v) {
            renormWarmup = v;
            return this;
        }

        public Builder late(LatePolicy v) {
            late = v;
            return this;
        }

        public Builder keyTtl(Duration v) {
            keyTtl = v;
            return this;
        }

        public Builder maxDeadLetterBytes(int v) {
            maxDeadLetterBytes = v;
            return this;
        }

        public Builder maxDimension(int v) {
            maxDimension = v;
            return this;
        }

        public Builder maxAbsValue(double v) {
            maxAbsValue = v;
            return this;
        }

        public Builder allowedIssuers(Set<String> v) {
            allowedIssuers = v;
            return this;
        }

        public Builder drift(DriftThresholds v) {
            drift = v;
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
                    halfLife,
                    renorm,
                    renormRmax,
                    renormDmax,
                    renormWarmup,
                    late,
                    maxDimension,
                    maxAbsValue,
                    maxDeadLetterBytes,
                    keyTtl,
                    allowedIssuers,
                    drift);
        }
    }
}
