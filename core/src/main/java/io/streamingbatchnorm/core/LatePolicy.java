package io.streamingbatchnorm.core;

/** What a late record (event-time windowing, its window already closed) does besides being normalized at once. */
public enum LatePolicy {
    /** Nothing more: normalized with the running statistics, which it leaves unchanged. */
    NORMALIZE,
    /**
     * Its values also join the fold of the key's next closing batch, without taking part in that batch's
     * normalization. Only for order-independent running statistics ({@code cumulative}, {@code decay}).
     */
    FOLD
}
