package io.streamingbatchnorm.bench.latency;

import io.streamingbatchnorm.avro.NormalizedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.HdrHistogram.Histogram;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output of the job or application under test as it appears and records, for each record, the time
 * from when its input was due to now, in nanoseconds. Records due before {@code measureFromNanos} (the warm-up)
 * are counted but not recorded.
 */
final class LatencyRecorder implements AutoCloseable {
    private static final long MAX_TRACKED_NANOS = Duration.ofMinutes(5).toNanos();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Histogram histogram = new Histogram(MAX_TRACKED_NANOS, 3);
    // The job writes the current schema: Avro's plain decoder skips the product's defensive body check,
    // which would make this consumer, sharing the 2 cores, cost as much as the job's own decoding.
    private final BinaryMessageDecoder<NormalizedRecord> decoder = NormalizedRecord.getDecoder();
    private long received;

    LatencyRecorder(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the positions now, before any record of the run is written.
        for (TopicPartition tp : partitions) {
            consumer.position(tp);
        }
    }

    /** Polls until {@code expected} records have been received in total or {@code deadlineNanos} passes. */
    void receive(long expected, long measureFromNanos, long deadlineNanos) throws java.io.IOException {
        while (received < expected && System.nanoTime() < deadlineNanos) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                NormalizedRecord out = decoder.decode(r.value());
                long due = Long.parseLong(out.getId());
                received++;
                if (due >= measureFromNanos) {
                    histogram.recordValue(Math.min(now - due, MAX_TRACKED_NANOS));
                }
            }
        }
    }

    long received() {
        return received;
    }

    Histogram histogram() {
        return histogram;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
