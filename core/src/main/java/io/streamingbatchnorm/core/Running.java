package io.streamingbatchnorm.core;

/** How batch statistics are folded into the running statistics. */
public enum Running {
    /** Exponential moving average with a momentum (TensorFlow/Keras convention: weight of the old value). */
    EMA,
    /** Exact pooled mean and variance of every value folded in so far (Chan's parallel merge). */
    CUMULATIVE
}
