package io.streamingbatchnorm.bench.latency;

import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.schemas.AvroWire;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Offers records at a fixed rate: record i is due at {@code start + i / rate} and is sent at once if the
 * producer is late. Each record's id is the {@code System.nanoTime()} it was due, so latency counts from
 * the schedule, not from when sending got round to it (no coordinated omission).
 */
final class PacedProducer implements Runnable {
    private final String bootstrapServers;
    private final String topic;
    private final int rate;
    private final long count;
    private final int keys;
    private final int lingerMs;
    private final FeatureData data;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong maxBehindNanos = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile long startNanos;

    PacedProducer(String bootstrapServers, String topic, int rate, long count, int keys, int dimension, int lingerMs) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.rate = rate;
        this.count = count;
        this.keys = keys;
        this.lingerMs = lingerMs;
        this.data = new FeatureData(3, dimension);
    }

    @Override
    public void run() {
        try (KafkaProducer<byte[], byte[]> producer = FeatureLoad.producer(bootstrapServers, lingerMs)) {
            long start = System.nanoTime();
            startNanos = start;
            for (long i = 0; i < count; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long now = System.nanoTime();
                while (now < due) {
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
                maxBehindNanos.accumulateAndGet(now - due, Math::max);
                String key = FeatureData.key(i, keys);
                byte[] value = AvroWire.featureRecords()
                        .encode(data.record(key, System.currentTimeMillis(), Long.toString(due)));
                producer.send(new ProducerRecord<>(topic, FeatureData.utf8(key), value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                sent.incrementAndGet();
            }
            producer.flush();
        }
    }

    /** {@code System.nanoTime()} when record 0 was due; 0 before the producer started. */
    long startNanos() {
        return startNanos;
    }

    long sent() {
        return sent.get();
    }

    /** How far behind its schedule the producer ever was, in nanoseconds. */
    long maxBehindNanos() {
        return maxBehindNanos.get();
    }

    Exception failure() {
        return failure.get();
    }
}
