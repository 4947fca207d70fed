package io.streamingbatchnorm.core;

/** The control commands of DESIGN 4.6. */
public enum CommandType {
    /** Switch the key to train mode. */
    TRAIN,
    /** Switch the key to eval mode. */
    EVAL,
    /**
     * Return the key to its initial state: initial mode, gamma 1, beta 0, configured parameters, fresh statistics
     * (its prior's, if it has one).
     */
    RESET,
    /** Set gamma and/or beta. */
    SET_AFFINE,
    /** Set momentum and/or epsilon. */
    SET_PARAMS,
    /** Set the key's prior: the statistics it starts from, and returns to on RESET (see {@link Prior}). */
    SET_PRIOR
}
