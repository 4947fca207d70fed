package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.core.Mode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link NormalizedRecord} in the form the engines compute with: primitive values with NaN for a missing
 * one, the event time in epoch milliseconds and the core's mode. {@link NormalizedVectorEncoder} writes it
 * without going through the generated record.
 *
 * <p>The values array and the attributes map are held as given, not copied. Equality compares the values
 * element by element (every NaN equal to every other).
 *
 * @param key the normalization group of the input record, never null
 * @param eventTime the event time of the input record, in epoch milliseconds
 * @param id the identifier of the input record, or null
 * @param attributes the attributes of the input record, or null
 * @param values the normalized features, NaN where missing; never null
 * @param mode the mode the record was normalized in, never null
 * @param statsVersion the version of the running statistics applied
 * @param batchSize the number of records in the record's micro-batch
 * @param late whether the record arrived after its window closed
 */
public record NormalizedVector(
        String key,
        long eventTime,
        String id,
        Map<String, String> attributes,
        double[] values,
        Mode mode,
        long statsVersion,
        int batchSize,
        boolean late) {

    /** Validates the required references. */
    public NormalizedVector {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(mode, "mode");
    }

    /** The generated record with these fields: NaN values become null. */
    public NormalizedRecord toRecord() {
        return NormalizedRecord.newBuilder()
                .setKey(key)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setId(id)
                .setAttributes(attributes)
                .setValues(CoreMapping.toList(values))
                .setMode(CoreMapping.toAvro(mode))
                .setStatsVersion(statsVersion)
                .setBatchSize(batchSize)
                .setLate(late)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizedVector v
                && key.equals(v.key)
                && eventTime == v.eventTime
                && Objects.equals(id, v.id)
                && Objects.equals(attributes, v.attributes)
                && Arrays.equals(values, v.values)
                && mode == v.mode
                && statsVersion == v.statsVersion
                && batchSize == v.batchSize
                && late == v.late;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                key, eventTime, id, attributes, Arrays.hashCode(values), mode, statsVersion, batchSize, late);
    }

    @Override
    public String toString() {
        return "NormalizedVector[key=" + key + ", eventTime=" + eventTime + ", id=" + id + ", attributes="
                + attributes + ", values=" + Arrays.toString(values) + ", mode=" + mode + ", statsVersion="
                + statsVersion + ", batchSize=" + batchSize + ", late=" + late + "]";
    }
}
