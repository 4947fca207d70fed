package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fixed sample records of every type, with and without their optional fields. */
public final class TestRecords {
    public static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private TestRecords() {}

    public static FeatureRecord feature() {
        return FeatureRecord.newBuilder()
                .setKey("k1")
                .setEventTime(T0)
                .setValues(Arrays.asList(0.5, null, 2.0, -0.0, Double.MIN_VALUE))
                .setId("r1")
                .setAttributes(Map.of("source", "sensor-7"))
                .build();
    }

    public static FeatureRecord minimalFeature() {
        return FeatureRecord.newBuilder()
                .setKey("k2")
                .setEventTime(T0)
                .setValues(List.of())
                .build();
    }

    public static NormalizedRecord normalized() {
        return NormalizedRecord.newBuilder()
                .setKey("k1")
                .setEventTime(T0)
                .setId("r1")
                .setAttributes(Map.of("source", "sensor-7"))
                .setValues(Arrays.asList(-1.2247448713915887, null, 1.2247448713915887))
                .setMode(Mode.TRAIN)
                .setStatsVersion(3)
                .setBatchSize(32)
                .setLate(false)
                .build();
    }

    public static StatsSnapshot snapshot() {
        return StatsSnapshot.newBuilder()
                .setKey("k1")
                .setVersion(3)
                .setMode(Mode.EVAL)
                .setCount(96)
                .setRunningMean(List.of(0.1, 0.2))
                .setRunningVar(List.of(1.0, 0.9))
                .setGamma(List.of(1.0, 1.0))
                .setBeta(List.of(0.0, 0.0))
                .setMomentum(0.9)
                .setEpsilon(1e-5)
                .setEventTime(T0)
                .build();
    }

    public static ControlCommand setAffine() {
        return ControlCommand.newBuilder()
                .setId("c1")
                .setKey("*")
                .setCommand(CommandType.SET_AFFINE)
                .setEffectiveTime(T0.plusSeconds(5))
                .setGamma(List.of(2.0, 0.5))
                .setBeta(List.of(0.1, -0.1))
                .setMomentum(0.99)
                .setEpsilon(1e-3)
                .setIssuer("ops")
                .build();
    }

    public static ControlCommand eval() {
        return ControlCommand.newBuilder()
                .setId("c2")
                .setKey("k1")
                .setCommand(CommandType.EVAL)
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setOriginal(ByteBuffer.wrap("{\"key\":".getBytes(StandardCharsets.UTF_8)))
                .setTopic("features")
                .setPartition(2)
                .setOffset(41L)
                .setSourceLine(null)
                .setReason("UNPARSEABLE")
                .setMessage("line is not valid JSON")
                .setRejectedAt(T0.plusMillis(1))
                .build();
    }

    /** A train-mode drift event: feature 1 not measured, features 0 and 3 crossed. */
    public static DriftEvent driftEvent() {
        return DriftEvent.newBuilder()
                .setKey("k1")
                .setMode(Mode.TRAIN)
                .setStatsVersion(12)
                .setWindowSize(32)
                .setFirstEventTime(T0)
                .setLastEventTime(T0.plusMillis(31_000))
                .setShift(Arrays.asList(1.5, null, 0.1, -0.25))
                .setRatio(Arrays.asList(1.0, null, 0.3, 4.5))
                .setCrossed(List.of(0, 3))
                .build();
    }
}
