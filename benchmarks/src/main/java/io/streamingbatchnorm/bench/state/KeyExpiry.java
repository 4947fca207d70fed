package io.streamingbatchnorm.bench.state;

import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.JobCounters;
import io.streamingbatchnorm.schemas.AvroWire;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;

/**
 * With {@code --key-ttl}: moves event time past every key's expiry, waits until the job has expired them (its
 * {@code keysExpired} counter), and checkpoints again. One key, the probe's, receives a record on every partition
 * with an event time beyond the TTL of every loaded record: the watermark is the minimum over the partitions, so
 * only a record on each moves it past every other key's expiry timer.
 */
final class KeyExpiry {
    private static final String EXPIRED_COUNTER = "keysExpired";
    /** Beyond the TTL, so that the watermark (event time minus the bounded out-of-orderness) is past it too. */
    private static final long MARGIN_MILLIS = Duration.ofMinutes(1).toMillis();

    private KeyExpiry() {}

    /** The latest event time among the loaded records is {@code FeatureData.T0 + keys}, the probe's. */
    static Expiry measure(
            String bootstrapServers,
            FlinkCluster flink,
            JobID job,
            String features,
            int keys,
            int dimension,
            String probeKey,
            Duration ttl,
            Duration timeout)
            throws Exception {
        long eventTime = FeatureData.T0 + keys + ttl.toMillis() + MARGIN_MILLIS;
        long t0 = System.nanoTime();
        sendOnEveryPartition(bootstrapServers, features, probeKey, eventTime, dimension);
        long deadline = t0 + timeout.toNanos();
        long expired;
        while ((expired = JobCounters.sum(job, EXPIRED_COUNTER)) < keys - 1) {
            flink.requireNotFailed(job);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + expired + " of " + (keys - 1) + " keys expired within "
                        + timeout.toSeconds() + " s of the watermark passing their TTL");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Expiry(ttl, expired, seconds, CheckpointSize.take(flink, job));
    }

    private static void sendOnEveryPartition(
            String bootstrapServers, String topic, String key, long eventTime, int dimension) {
        FeatureData data = new FeatureData(19, dimension);
        try (KafkaProducer<byte[], byte[]> producer = FeatureLoad.producer(bootstrapServers, 0)) {
            for (PartitionInfo p : producer.partitionsFor(topic)) {
                byte[] value = AvroWire.featureRecords().encode(data.record(key, eventTime, "expire-" + p.partition()));
                producer.send(new ProducerRecord<>(topic, p.partition(), eventTime, FeatureData.utf8(key), value));
            }
            producer.flush();
        }
    }
}
