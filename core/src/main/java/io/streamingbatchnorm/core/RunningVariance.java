package io.streamingbatchnorm.core;

/** Which variance estimate of a batch enters the running variance. */
public enum RunningVariance {
    /** The batch variance divided by n, as used for normalization (numpy's default). */
    BIASED,
    /** Divided by n-1, as PyTorch's BatchNorm keeps its running variance. */
    UNBIASED
}
