package io.streamingbatchnorm.kafka.serving;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Uses each message's own timestamp; a negative one (an old producer, a broken client) is replaced by
 * the partition's time so far, or 0, instead of stopping the application as Kafka's default extractor
 * does. Serving does not window by time, so a replaced timestamp changes no result.
 */
public final class SafeTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (timestamp >= 0) {
            return timestamp;
        }
        return Math.max(partitionTime, 0L);
    }
}
