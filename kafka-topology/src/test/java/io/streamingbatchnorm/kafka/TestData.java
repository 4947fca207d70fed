package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Records for the tests, with fixed instants. */
public final class TestData {
    /** 2023-11-14T22:13:20Z, the event time all test records start from. */
    public static final long T0 = 1_700_000_000_000L;

    private TestData() {}

    /**
     * A snapshot with the hand-computed example's statistics: running mean [1.5, 10], running variance
     * [0.25, 4], gamma [2, 0.5], beta [0.1, -1], momentum 0.9 and epsilon 0, so that x = [2, 12]
     * normalizes to [2.1, -0.5] exactly.
     */
    public static StatsSnapshot example(String key, long version) {
        return snapshot(
                key,
                version,
                new double[] {1.5, 10.0},
                new double[] {0.25, 4.0},
                new double[] {2.0, 0.5},
                new double[] {0.1, -1.0},
                0.0);
    }

    /** Statistics of key {@code k2} at version 1, as the serving tests first publish them. */
    public static final StatsSnapshot K2_V1 = snapshot(
            "k2",
            1,
            new double[] {0.0, -4.0},
            new double[] {9.0, 1.0},
            new double[] {1.0, 1.0},
            new double[] {0.0, 0.0},
            1e-5);
    /** {@link #K2_V1} after one more batch moved its running mean, published while an application is down. */
    public static final StatsSnapshot K2_V2 = StatsSnapshot.newBuilder(K2_V1)
            .setVersion(2)
            .setRunningMean(List.of(1.0, -3.0))
            .build();

    public static StatsSnapshot snapshot(
            String key, long version, double[] mean, double[] var, double[] gamma, double[] beta, double epsilon) {
        return StatsSnapshot.newBuilder()
                .setKey(key)
                .setVersion(version)
                .setMode(Mode.EVAL)
                .setCount(version * 32)
                .setRunningMean(list(mean))
                .setRunningVar(list(var))
                .setGamma(list(gamma))
                .setBeta(list(beta))
                .setMomentum(0.9)
                .setEpsilon(epsilon)
                .setEventTime(Instant.ofEpochMilli(T0 + version))
                .build();
    }

    /** A feature record; a null value is missing. */
    public static FeatureRecord feature(String key, long eventTime, String id, Double... values) {
        return FeatureRecord.newBuilder()
                .setKey(key)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setValues(new ArrayList<>(Arrays.asList(values)))
                .setId(id)
                .setAttributes(id == null ? null : Map.of("source", "test"))
                .build();
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
