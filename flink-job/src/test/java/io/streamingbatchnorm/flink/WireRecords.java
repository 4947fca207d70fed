package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds Kafka records of the job's input topics as a producer of the product would. */
public final class WireRecords {
    private WireRecords() {}

    public static ProducerRecord<byte[], byte[]> feature(String topic, TestStreams.Line line) {
        FeatureRecord r = FeatureRecord.newBuilder()
                .setKey(line.key())
                .setEventTime(Instant.ofEpochMilli(line.eventTime()))
                .setValues(new ArrayList<>(Arrays.asList(line.values())))
                .setId(line.id())
                .setAttributes(null)
                .build();
        return feature(topic, r);
    }

    public static ProducerRecord<byte[], byte[]> feature(String topic, FeatureRecord r) {
        return new ProducerRecord<>(
                topic,
                null,
                r.getEventTime().toEpochMilli(),
                r.getKey().getBytes(StandardCharsets.UTF_8),
                AvroWire.featureRecords().encode(r));
    }

    public static List<ProducerRecord<byte[], byte[]>> featureRecords(String topic, List<FeatureRecord> records) {
        return records.stream().map(r -> feature(topic, r)).toList();
    }

    public static List<ProducerRecord<byte[], byte[]>> features(String topic, List<TestStreams.Line> lines) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(lines.size());
        for (TestStreams.Line l : lines) {
            out.add(feature(topic, l));
        }
        return out;
    }

    public static ProducerRecord<byte[], byte[]> raw(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, null, TestStreams.T0, key.getBytes(StandardCharsets.UTF_8), value);
    }

    public static ProducerRecord<byte[], byte[]> command(
            String topic,
            String id,
            String key,
            CommandType type,
            Long effectiveTime,
            List<Double> gamma,
            List<Double> beta) {
        return command(
                topic,
                ControlCommand.newBuilder()
                        .setId(id)
                        .setKey(key)
                        .setCommand(type)
                        .setEffectiveTime(effectiveTime == null ? null : Instant.ofEpochMilli(effectiveTime))
                        .setGamma(gamma)
                        .setBeta(beta)
                        .setMomentum(null)
                        .setEpsilon(null)
                        .setIssuer("test")
                        .build());
    }

    public static ProducerRecord<byte[], byte[]> command(String topic, ControlCommand c) {
        return new ProducerRecord<>(
                topic,
                0,
                TestStreams.T0,
                c.getKey().getBytes(StandardCharsets.UTF_8),
                AvroWire.controlCommands().encode(c));
    }
}
