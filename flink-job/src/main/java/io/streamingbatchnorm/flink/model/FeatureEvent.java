package io.streamingbatchnorm.flink.model;

import java.util.Map;

/**
 * A feature record inside the job, validated except for its key's dimension: values are primitive
 * doubles with NaN for missing, event time is epoch milliseconds.
 *
 * <p>{@code partition} and {@code offset} say where it came from, for dead letters: a Kafka partition
 * and offset, or partition -1 and the 1-based line number of a replay file.
 */
public class FeatureEvent {
    public String key;
    public long eventTime;
    public String id;
    public Map<String, String> attributes;
    public double[] values;
    public int partition;
    public long offset;

    public FeatureEvent() {}

    public FeatureEvent(
            String key,
            long eventTime,
            String id,
            Map<String, String> attributes,
            double[] values,
            int partition,
            long offset) {
        this.key = key;
        this.eventTime = eventTime;
        this.id = id;
        this.attributes = attributes;
        this.values = values;
        this.partition = partition;
        this.offset = offset;
    }

    /** A new instance with the same field values (the values array and attributes are shared, not copied). */
    public FeatureEvent copy() {
        return new FeatureEvent(key, eventTime, id, attributes, values, partition, offset);
    }
}
