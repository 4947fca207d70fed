package io.streamingbatchnorm.flink.deadletter;

import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.io.Serializable;

/**
 * Turns an input refused after decoding back into a dead letter in the format it arrived in (Avro for
 * Kafka, a JSON line for replay files), with its origin.
 */
public interface DeadLetterFactory extends Serializable {
    DeadLetterEvent forFeature(FeatureEvent feature, Rejection rejection);

    DeadLetterEvent forCommand(StoredCommand command, Rejection rejection);
}
