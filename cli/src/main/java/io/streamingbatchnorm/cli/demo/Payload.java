package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.FeatureRecord;

/**
 * One message the demo sends to the features topic.
 *
 * @param key the normalization key, also the message key (so each key stays on one partition, in order)
 * @param eventTime the event time, also the Kafka record timestamp
 * @param value the encoded message: a {@code FeatureRecord}, or deliberately bad bytes
 * @param record the record that was encoded, or {@code null} when the bytes are not a record at all
 * @param defect what is wrong with it on purpose (the dead-letter reason the job should give), or
 *     {@code null} for a good record
 */
public record Payload(String key, long eventTime, byte[] value, FeatureRecord record, String defect) {

    /** Whether the job should accept it. */
    public boolean good() {
        return defect == null;
    }
}
