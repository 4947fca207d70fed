package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.FeatureVector;
import io.streamingbatchnorm.schemas.NormalizedVector;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Converts between the Avro records on the wire and the job's internal events. */
public final class RecordMapping {
    private RecordMapping() {}

    public static FeatureEvent toEvent(FeatureRecord r, int partition, long offset) {
        return new FeatureEvent(
                r.getKey(),
                r.getEventTime().toEpochMilli(),
                r.getId(),
                r.getAttributes(),
                CoreMapping.toVector(r.getValues()),
                partition,
                offset);
    }

    public static FeatureEvent toEvent(FeatureVector v, int partition, long offset) {
        return new FeatureEvent(v.key(), v.eventTime(), v.id(), v.attributes(), v.values(), partition, offset);
    }

    /** The output as the primitive encoder takes it: the same bytes as {@link #toAvro(NormalizedEvent)}. */
    public static NormalizedVector toVector(NormalizedEvent e) {
        return new NormalizedVector(
                e.key, e.eventTime, e.id, e.attributes, e.values, e.mode, e.statsVersion, e.batchSize, e.late);
    }

    public static FeatureRecord toAvro(FeatureEvent e) {
        return FeatureRecord.newBuilder()
                .setKey(e.key)
                .setEventTime(Instant.ofEpochMilli(e.eventTime))
                .setValues(CoreMapping.toList(e.values))
                .setId(e.id)
                .setAttributes(e.attributes)
                .build();
    }

    public static NormalizedRecord toAvro(NormalizedEvent e) {
        return NormalizedRecord.newBuilder()
                .setKey(e.key)
                .setEventTime(Instant.ofEpochMilli(e.eventTime))
                .setId(e.id)
                .setAttributes(e.attributes)
                .setValues(CoreMapping.toList(e.values))
                .setMode(CoreMapping.toAvro(e.mode))
                .setStatsVersion(e.statsVersion)
                .setBatchSize(e.batchSize)
                .setLate(e.late)
                .build();
    }

    public static StatsSnapshot toAvro(StatsEvent s) {
        return StatsSnapshot.newBuilder()
                .setKey(s.key)
                .setVersion(s.version)
                .setMode(CoreMapping.toAvro(s.mode))
                .setCount(s.count)
                .setRunningMean(CoreMapping.toDenseList(s.runningMean))
                .setRunningVar(CoreMapping.toDenseList(s.runningVar))
                .setGamma(CoreMapping.toDenseList(s.gamma))
                .setBeta(CoreMapping.toDenseList(s.beta))
                .setMomentum(s.momentum)
                .setEpsilon(s.epsilon)
                .setEventTime(s.eventTime == null ? null : Instant.ofEpochMilli(s.eventTime))
                .setResetGeneration(s.resetGeneration)
                .setRunning(s.running)
                .setHalfLifeMs(s.halfLifeMs)
                .setPriorWeight(s.priorWeight)
                .setRenormR(s.renormR == null ? null : CoreMapping.toDenseList(s.renormR))
                .setRenormD(s.renormD == null ? null : CoreMapping.toDenseList(s.renormD))
                .setRenormClipped(s.renormClipped == null ? null : booleans(s.renormClipped))
                .build();
    }

    public static DeadLetter toAvro(DeadLetterEvent d) {
        return DeadLetter.newBuilder()
                .setOriginal(ByteBuffer.wrap(d.original == null ? new byte[0] : d.original))
                .setTopic(d.topic)
                .setPartition(d.partition)
                .setOffset(d.offset)
                .setSourceLine(d.line)
                .setReason(d.reason)
                .setMessage(d.message)
                .setRejectedAt(Instant.ofEpochMilli(d.rejectedAt))
                .setOriginalLength(d.originalLength)
                .build();
    }

    /** A drift event for the wire: a feature that was not measured is null. */
    public static DriftEvent toAvro(DriftReport d) {
        return CoreMapping.toAvro(d.toCore());
    }

    private static List<Boolean> booleans(boolean[] values) {
        List<Boolean> out = new ArrayList<>(values.length);
        for (boolean b : values) {
            out.add(b);
        }
        return out;
    }

    public static StoredCommand toStored(ControlCommand c, long sequence) {
        return StoredCommand.of(CoreMapping.toCommand(c, sequence));
    }

    public static ControlCommand toAvro(StoredCommand s) {
        return CoreMapping.toAvro(s.toCommand());
    }
}
