package io.streamingbatchnorm.core;

/** How batch statistics are folded into the running statistics. */
public enum Running {
    /** Exponential moving average with a momentum (TensorFlow/Keras convention: weight of the old value). */
    EMA,
    /** Exact pooled mean and variance of every value folded in so far (Chan's parallel merge). */
    CUMULATIVE,
    /**
     * The plain average of the folded batches' means and of their variances, each batch weighing the same whatever
     * its size: PyTorch's {@code momentum=None} (cumulative moving average).
     */
    AVERAGE,
    /**
     * The pooled mean and variance of every value folded in, a value with event time t weighing {@code 2^(t/H)} for
     * the half-life H ({@code --half-life}): recent values count more, whatever order they arrive in.
     */
    DECAY
}
