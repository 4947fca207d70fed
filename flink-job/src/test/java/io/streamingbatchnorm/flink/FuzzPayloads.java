package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.AvroWire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded hostile payloads for the features topic: random bytes, truncated and bit-flipped records,
 * unknown fingerprints, oversized and empty vectors, non-finite values, empty keys and extreme event
 * times, mixed with valid records of the fuzz keys.
 */
final class FuzzPayloads {
    /** The kinds of payload, one per draw. */
    enum Kind {
        RANDOM_BYTES,
        TRUNCATED,
        BIT_FLIPPED,
        UNKNOWN_FINGERPRINT,
        TOO_WIDE,
        NON_FINITE,
        /** Finite values at the edges of double: huge (refused beyond --max-abs-value), subnormal, near-equal. */
        EXTREME_VALUES,
        EMPTY_KEY,
        EMPTY_VALUES,
        EXTREME_TIME,
        VALID
    }

    private static final double[] EXTREMES = {
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        1.7e308,
        1e200,
        -1e154,
        1e101,
        Double.MIN_VALUE,
        -Double.MIN_NORMAL,
        1e-300,
        1e-300 + Double.MIN_VALUE,
        1e99,
        -1e99
    };

    private final Random random;
    private final long t0;

    FuzzPayloads(long seed, long t0) {
        this.random = new Random(seed);
        this.t0 = t0;
    }

    byte[] next(Kind kind) {
        return switch (kind) {
            case RANDOM_BYTES -> randomBytes(random.nextInt(200));
            case TRUNCATED -> {
                byte[] valid = encode(validRecord());
                yield Arrays.copyOf(valid, random.nextInt(valid.length));
            }
            case BIT_FLIPPED -> {
                byte[] valid = encode(validRecord());
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int bit = random.nextInt(valid.length * 8);
                    valid[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                yield valid;
            }
            case UNKNOWN_FINGERPRINT -> {
                byte[] valid = encode(validRecord());
                for (int i = 2; i < 10; i++) {
                    valid[i] = (byte) random.nextInt(256);
                }
                yield valid;
            }
            case TOO_WIDE -> encode(record("fz-wide", t0, 4097 + random.nextInt(100), false));
            case NON_FINITE -> {
                FeatureRecord r = validRecord();
                List<Double> v = new ArrayList<>(r.getValues());
                v.set(
                        random.nextInt(v.size()),
                        random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
                r.setValues(v);
                yield encode(r);
            }
            case EXTREME_VALUES -> {
                FeatureRecord r = validRecord();
                List<Double> v = new ArrayList<>(r.getValues());
                v.set(random.nextInt(v.size()), EXTREMES[random.nextInt(EXTREMES.length)]);
                r.setValues(v);
                yield encode(r);
            }
            case EMPTY_KEY ->
                encode(FeatureRecord.newBuilder(validRecord()).setKey("").build());
            case EMPTY_VALUES ->
                encode(FeatureRecord.newBuilder(validRecord())
                        .setValues(new ArrayList<>())
                        .build());
            case EXTREME_TIME ->
                encode(FeatureRecord.newBuilder(validRecord())
                        .setEventTime(
                                Instant.ofEpochMilli(random.nextBoolean() ? Long.MAX_VALUE / 2 : -Long.MAX_VALUE / 2))
                        .build());
            case VALID -> encode(validRecord());
        };
    }

    private FeatureRecord validRecord() {
        return record("fz-" + random.nextInt(10), t0 + random.nextInt(100_000), 4, random.nextInt(20) == 0);
    }

    private FeatureRecord record(String key, long time, int dimension, boolean withMissing) {
        List<Double> values = new ArrayList<>(dimension);
        for (int j = 0; j < dimension; j++) {
            values.add(withMissing && j == 0 ? null : random.nextGaussian() * 10);
        }
        return FeatureRecord.newBuilder()
                .setKey(key)
                .setEventTime(Instant.ofEpochMilli(time))
                .setValues(values)
                .setId("f" + random.nextInt())
                .setAttributes(null)
                .build();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] encode(FeatureRecord r) {
        return AvroWire.featureRecords().encode(r);
    }
}
