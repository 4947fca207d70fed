package io.streamingbatchnorm.core;

/** What a missing input value (null or NaN) becomes in the output. */
public enum MissingPolicy {
    /** Stays missing. */
    NAN,
    /** Becomes the feature's beta, the normalized value of a feature exactly at its mean. */
    IMPUTE
}
