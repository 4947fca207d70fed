package io.streamingbatchnorm.core;

/** The running statistics of a feature before its first batch is folded in. */
public enum InitPolicy {
    /** Mean 0 and variance 1, like PyTorch and Keras. */
    ZEROS,
    /** The first batch's own statistics, which avoids the cold-start bias of {@link #ZEROS}. */
    FIRST_BATCH
}
