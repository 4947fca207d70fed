package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The input of the cluster tests: seeded feature records, keys taking turns so that each key's records are in
 * event-time order and count batches close by count or by a control change, never by a watermark.
 */
final class ClusterStreams {
    static final long T0 = 1_700_000_000_000L;
    static final long STEP_MILLIS = 10;

    private ClusterStreams() {}

    static List<FeatureRecord> roundRobin(long seed, int keys, int records, int dim) {
        Random r = new Random(seed);
        List<FeatureRecord> out = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            int k = i % keys;
            List<Double> v = new ArrayList<>(dim);
            for (int j = 0; j < dim; j++) {
                v.add(r.nextDouble() < 0.01 ? null : 3.0 * (k + 1) + j + i * 1e-4 + (1 + k % 5) * r.nextGaussian());
            }
            out.add(FeatureRecord.newBuilder()
                    .setKey("key-" + k)
                    .setEventTime(Instant.ofEpochMilli(T0 + i * STEP_MILLIS))
                    .setValues(v)
                    .setId("r" + i)
                    .setAttributes(null)
                    .build());
        }
        return out;
    }

    /** The event time of record {@code index}. */
    static long at(int index) {
        return T0 + index * STEP_MILLIS;
    }

    static ControlCommand command(String id, CommandType type, long effectiveTime, int dim) {
        List<Double> gamma = null;
        List<Double> beta = null;
        if (type == CommandType.SET_AFFINE) {
            gamma = new ArrayList<>();
            beta = new ArrayList<>();
            for (int j = 0; j < dim; j++) {
                gamma.add(1.5 + j * 0.25);
                beta.add(-0.5 + j);
            }
        }
        return ControlCommand.newBuilder()
                .setId(id)
                .setKey("*")
                .setCommand(type)
                .setEffectiveTime(Instant.ofEpochMilli(effectiveTime))
                .setGamma(gamma)
                .setBeta(beta)
                .setMomentum(null)
                .setEpsilon(null)
                .setIssuer("cluster-test")
                .build();
    }

    /**
     * The records as a producer sends them, stamped with the time of sending rather than their event times (the job
     * reads event time from the payload). A broker that restarts after {@code kill -9} keeps the state that lets it
     * drop an idempotent producer's retried batch only for producers whose last record is younger than
     * {@code producer.id.expiration.ms} (a day): records stamped 2023 made it write a retried batch twice.
     */
    static List<ProducerRecord<byte[], byte[]>> wire(String topic, List<FeatureRecord> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        for (FeatureRecord f : records) {
            out.add(new ProducerRecord<>(
                    topic,
                    null,
                    null,
                    f.getKey().getBytes(StandardCharsets.UTF_8),
                    AvroWire.featureRecords().encode(f)));
        }
        return out;
    }

    static List<ProducerRecord<byte[], byte[]>> wireCommands(String topic, List<ControlCommand> commands) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ControlCommand c : commands) {
            out.add(new ProducerRecord<>(
                    topic,
                    0,
                    T0,
                    c.getKey().getBytes(StandardCharsets.UTF_8),
                    AvroWire.controlCommands().encode(c)));
        }
        return out;
    }

    static Path writeInput(Path file, List<FeatureRecord> records) throws IOException {
        List<String> lines = new ArrayList<>(records.size());
        records.forEach(f -> lines.add(JsonLines.writeFeatureRecord(f)));
        return Files.write(file, lines);
    }

    static Path writeControl(Path file, List<ControlCommand> commands) throws IOException {
        List<String> lines = new ArrayList<>();
        commands.forEach(c -> lines.add(JsonLines.writeControlCommand(c)));
        return Files.write(file, lines);
    }
}
