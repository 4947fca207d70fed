package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.FeatureRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link FeatureRecord} in the form the engines compute with: primitive values with NaN for a missing
 * one, and the event time in epoch milliseconds. {@link FeatureVectorCodec} reads and writes it without
 * going through the generated record.
 *
 * <p>The values array and the attributes map are held as given, not copied: whoever builds one hands them
 * over. Equality compares the values element by element (every NaN equal to every other).
 *
 * @param key the normalization group, never null
 * @param eventTime when the features were observed, in epoch milliseconds
 * @param values the features, NaN where missing; never null
 * @param id the optional record identifier, or null
 * @param attributes the optional metadata, or null
 */
public record FeatureVector(String key, long eventTime, double[] values, String id, Map<String, String> attributes) {

    /** Validates the two required references. */
    public FeatureVector {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(values, "values");
    }

    /** The primitive form of a generated record: null values become NaN. */
    public static FeatureVector of(FeatureRecord r) {
        return new FeatureVector(
                r.getKey(),
                r.getEventTime().toEpochMilli(),
                CoreMapping.toVector(r.getValues()),
                r.getId(),
                r.getAttributes());
    }

    /** The generated record with these fields: NaN values become null. */
    public FeatureRecord toRecord() {
        return FeatureRecord.newBuilder()
                .setKey(key)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setValues(CoreMapping.toList(values))
                .setId(id)
                .setAttributes(attributes)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector v
                && key.equals(v.key)
                && eventTime == v.eventTime
                && Arrays.equals(values, v.values)
                && Objects.equals(id, v.id)
                && Objects.equals(attributes, v.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, eventTime, Arrays.hashCode(values), id, attributes);
    }

    @Override
    public String toString() {
        return "FeatureVector[key=" + key + ", eventTime=" + eventTime + ", values=" + Arrays.toString(values) + ", id="
                + id + ", attributes=" + attributes + "]";
    }
}
