package io.streamingbatchnorm.core;

/** Whether a key's records update the running statistics (TRAIN) or are normalized with them frozen (EVAL). */
public enum Mode {
    TRAIN,
    EVAL
}
