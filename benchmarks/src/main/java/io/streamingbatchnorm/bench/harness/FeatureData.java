package io.streamingbatchnorm.bench.harness;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic feature vectors: each feature Gaussian with its own mean and spread, no missing values.
 * Every benchmark draws its input here, so runs are repeatable.
 */
public final class FeatureData {
    /** Event time of record 0 (2023-11-14T22:13:20Z); record i is i milliseconds later. */
    public static final long T0 = 1_700_000_000_000L;

    private final Random random;
    private final int dimension;
    private final double[] means;
    private final double[] spreads;

    public FeatureData(long seed, int dimension) {
        this.random = new Random(seed);
        this.dimension = dimension;
        this.means = new double[dimension];
        this.spreads = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            means[j] = random.nextGaussian() * 100;
            spreads[j] = 0.5 + random.nextDouble() * 10;
        }
    }

    public int dimension() {
        return dimension;
    }

    public double[] vector() {
        double[] v = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            v[j] = means[j] + spreads[j] * random.nextGaussian();
        }
        return v;
    }

    public double[][] batch(int size) {
        double[][] rows = new double[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = vector();
        }
        return rows;
    }

    /** The key of record {@code i} when records go round-robin over {@code keys} keys. */
    public static String key(long i, int keys) {
        return "key-" + (i % keys);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Record {@code i} of a stream over {@code keys} keys, with the given event time and id. */
    public FeatureRecord record(String key, long eventTime, String id) {
        List<Double> values = new ArrayList<>(dimension);
        for (double x : vector()) {
            values.add(x);
        }
        return FeatureRecord.newBuilder()
                .setKey(key)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setValues(values)
                .setId(id)
                .setAttributes(null)
                .build();
    }

    /** Record {@code i} of a stream over {@code keys} keys, single-object encoded as on the features topic. */
    public byte[] encoded(long i, int keys) {
        return AvroWire.featureRecords().encode(record(key(i, keys), T0 + i, "r" + i));
    }
}
