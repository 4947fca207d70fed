package io.streamingbatchnorm.bench.harness;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fills a features topic with synthetic records before a benchmark starts its clock. */
public final class FeatureLoad {
    private FeatureLoad() {}

    /** A producer tuned for loading: large batches, acks from the (only) broker. */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, int lingerMs) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Produces records {@code first .. first+count-1} of the synthetic stream (round-robin over {@code keys}
     * keys, event time {@link FeatureData#T0} plus the record number in milliseconds) to {@code topic},
     * partitioned by key, and waits until the broker has them all.
     */
    public static void load(
            String bootstrapServers, String topic, long first, long count, int keys, int dimension, long seed) {
        FeatureData data = new FeatureData(seed, dimension);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers, 20)) {
            for (long i = first; i < first + count; i++) {
                String key = FeatureData.key(i, keys);
                producer.send(
                        new ProducerRecord<>(
                                topic, null, FeatureData.T0 + i, FeatureData.utf8(key), data.encoded(i, keys)),
                        (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading " + topic + " failed", failure.get());
        }
    }

    /** Sends a few records and waits until the broker has them. */
    public static void send(String bootstrapServers, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers, 0)) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }
}
