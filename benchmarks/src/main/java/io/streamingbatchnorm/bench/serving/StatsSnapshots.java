package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.schemas.AvroWire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Seeded statistics for every key the serving benchmark sends, published to the stats topic before serving starts,
 * so that every record is normalized (none is dead-lettered for want of statistics).
 */
final class StatsSnapshots {
    private StatsSnapshots() {}

    /** Publishes one snapshot for each of {@code key-0 .. key-(keys-1)} and waits until the broker has them. */
    static void publish(String bootstrapServers, String topic, int keys, int dimension) {
        Random random = new Random(17);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(keys);
        for (int k = 0; k < keys; k++) {
            String key = FeatureData.key(k, keys);
            StatsSnapshot s = snapshot(key, dimension, random);
            records.add(new ProducerRecord<>(
                    topic, FeatureData.utf8(key), AvroWire.statsSnapshots().encode(s)));
        }
        FeatureLoad.send(bootstrapServers, records);
    }

    private static StatsSnapshot snapshot(String key, int dimension, Random random) {
        List<Double> mean = new ArrayList<>(dimension);
        List<Double> var = new ArrayList<>(dimension);
        List<Double> gamma = new ArrayList<>(dimension);
        List<Double> beta = new ArrayList<>(dimension);
        for (int j = 0; j < dimension; j++) {
            mean.add(random.nextGaussian() * 100);
            var.add(0.25 + random.nextDouble() * 100);
            gamma.add(1.0);
            beta.add(0.0);
        }
        return StatsSnapshot.newBuilder()
                .setKey(key)
                .setVersion(1)
                .setMode(Mode.EVAL)
                .setCount(32)
                .setRunningMean(mean)
                .setRunningVar(var)
                .setGamma(gamma)
                .setBeta(beta)
                .setMomentum(0.9)
                .setEpsilon(1e-5)
                .setEventTime(Instant.ofEpochMilli(FeatureData.T0))
                .build();
    }
}
