package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.core.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random feature and normalized records with every shape the wire allows: missing values, NaNs of
 * several bit patterns, signed zeros and extremes, absent, empty and populated attributes, absent ids,
 * keys and strings outside ASCII, and event times at the ends of the long range.
 */
final class RandomVectors {
    /** Keys and attribute strings: empty, ASCII, accented, CJK, emoji (surrogate pairs), a NUL, 2-byte runs. */
    private static final String[] TEXTS = {"", "k", "key-17", "clé", "鍵", "🔑/σ²", "a\u0000b", "é".repeat(80)};

    private static final double[] SPECIAL = {
        0.0,
        -0.0,
        Double.MIN_VALUE,
        -Double.MAX_VALUE,
        Double.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN,
        Double.longBitsToDouble(0x7FF0_0000_0000_0001L),
        Double.longBitsToDouble(0xFFF8_0000_0000_0000L)
    };

    private static final long[] TIMES = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, TestRecords.T0.toEpochMilli()};

    private final Random random;

    RandomVectors(long seed) {
        this.random = new Random(seed);
    }

    /** A vector of up to 40 values (mostly 16 or fewer), about one in eight missing (NaN). */
    FeatureVector feature() {
        return new FeatureVector(
                text(), time(), values(dimension()), random.nextBoolean() ? null : text(), attributes());
    }

    NormalizedVector normalized() {
        return new NormalizedVector(
                text(),
                time(),
                random.nextBoolean() ? null : text(),
                attributes(),
                values(dimension()),
                random.nextBoolean() ? Mode.TRAIN : Mode.EVAL,
                random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1000),
                random.nextInt(4) == 0 ? random.nextInt() : 1 + random.nextInt(256),
                random.nextBoolean());
    }

    /** A generated record whose values hold nulls as well as NaNs (which Avro writes as doubles). */
    FeatureRecord record() {
        FeatureVector v = feature();
        List<Double> values = new ArrayList<>(v.values().length);
        for (double x : v.values()) {
            values.add(x != x && random.nextBoolean() ? null : x);
        }
        return FeatureRecord.newBuilder()
                .setKey(v.key())
                .setEventTime(Instant.ofEpochMilli(v.eventTime()))
                .setValues(values)
                .setId(v.id())
                .setAttributes(v.attributes())
                .build();
    }

    double[] values(int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(16);
            if (kind < 2) {
                values[i] = Double.NaN;
            } else if (kind < 4) {
                values[i] = SPECIAL[random.nextInt(SPECIAL.length)];
            } else {
                values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            }
        }
        return values;
    }

    private int dimension() {
        return random.nextInt(8) == 0 ? random.nextInt(41) : random.nextInt(17);
    }

    private String text() {
        return random.nextInt(4) == 0 ? "key-" + random.nextInt(1000) : TEXTS[random.nextInt(TEXTS.length)];
    }

    private long time() {
        return random.nextInt(4) == 0 ? TIMES[random.nextInt(TIMES.length)] : random.nextLong();
    }

    private Map<String, String> attributes() {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return null;
        }
        // Both map types: the encoders write entries in the map's own iteration order.
        Map<String, String> map = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
        int n = kind == 1 ? 0 : random.nextInt(6);
        for (int i = 0; i < n; i++) {
            map.put(text() + i, text());
        }
        return map;
    }
}
