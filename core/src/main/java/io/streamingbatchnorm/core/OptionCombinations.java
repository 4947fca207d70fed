package io.streamingbatchnorm.core;

import io.streamingbatchnorm.core.config.ConfigOption;
import java.time.Duration;

/**
 * The rules between options of a {@link NormalizerConfig}: a setting that needs another one, or that means nothing
 * without it, is refused with a message naming both flags, so a typo in a command line cannot pass unnoticed.
 */
final class OptionCombinations {
    private OptionCombinations() {}

    static void check(
            Running running,
            RunningVariance runningVariance,
            int minBatchSize,
            Duration halfLife,
            boolean renorm,
            double renormRmax,
            double renormDmax,
            int renormWarmup,
            LatePolicy late,
            Duration window) {
        if (runningVariance == RunningVariance.UNBIASED && minBatchSize < 2) {
            throw new ConfigException(
                    "min-batch-size",
                    "must be at least 2 with --running-variance unbiased (it divides by n-1), got " + minBatchSize);
        }
        if (running == Running.DECAY && halfLife == null) {
            throw new ConfigException(
                    NormalizerOptions.HALF_LIFE.key(),
                    "is required with --running decay: the event-time span after which a value weighs half,"
                            + " for example --half-life 1h");
        }
        if (running != Running.DECAY && halfLife != null) {
            throw new ConfigException(
                    NormalizerOptions.HALF_LIFE.key(),
                    "applies only to --running decay, but --running is " + ConfigOption.flagForm(running));
        }
        if (!renorm) {
            requireDefault(NormalizerOptions.RENORM_RMAX, renormRmax);
            requireDefault(NormalizerOptions.RENORM_DMAX, renormDmax);
            requireDefault(NormalizerOptions.RENORM_WARMUP, renormWarmup);
        }
        if (late == LatePolicy.FOLD) {
            if (running == Running.EMA || running == Running.AVERAGE) {
                throw new ConfigException(
                        NormalizerOptions.LATE.key(),
                        "fold needs --running cumulative or decay, but --running is "
                                + ConfigOption.flagForm(running)
                                + ": its statistics depend on the order in which batches are folded, so folding a late"
                                + " value into a later batch would give other statistics than the same value on time");
            }
            if (window == null) {
                throw new ConfigException(
                        NormalizerOptions.LATE.key(),
                        "fold applies only with --window (event-time windowing), the only windowing where a record"
                                + " can be late");
            }
        }
    }

    /** A renorm setting other than its default means nothing without --renorm, and is refused. */
    private static <T> void requireDefault(ConfigOption<T> option, T value) {
        if (!option.defaultValue().equals(value)) {
            throw new ConfigException(
                    option.key(),
                    "applies only with " + NormalizerOptions.RENORM.flag() + "; add " + NormalizerOptions.RENORM.flag()
                            + " or leave " + option.flag() + " out");
        }
    }
}
