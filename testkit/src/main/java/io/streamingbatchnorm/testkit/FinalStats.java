package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.core.Mode;

/** The statistics of one key when the replay ended, as {@code normalize replay --stats-output} writes them. */
public record FinalStats(
        String key,
        long version,
        Mode mode,
        long count,
        double[] runningMean,
        double[] runningVar,
        double[] gamma,
        double[] beta,
        double momentum,
        double epsilon) {}
