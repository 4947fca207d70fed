package io.streamingbatchnorm.kafka.serving;

import io.streamingbatchnorm.schemas.FeatureVector;
import java.util.Objects;

/**
 * A decoded serving record together with the bytes it was decoded from, so that a record rejected after
 * decoding reaches the dead letters byte for byte as it arrived.
 */
public record ServingInput(byte[] original, FeatureVector record) {
    public ServingInput {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(record, "record");
    }
}
