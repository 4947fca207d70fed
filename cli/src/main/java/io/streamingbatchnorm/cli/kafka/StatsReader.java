package io.streamingbatchnorm.cli.kafka;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.cli.CliException;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the compacted statistics topic from its beginning to its current end, committed records only,
 * and keeps the latest snapshot of each key: the highest (reset_generation, version), the later one on a
 * tie. Not simply the last record: with at-least-once delivery a restored job writes some snapshots again
 * after newer ones; and not the highest version alone, since RESET starts a key's versions from 0 again.
 */
public final class StatsReader {
    /** How long reading the whole topic may take once the brokers answered. */
    static final Duration READ_LIMIT = Duration.ofSeconds(60);

    /**
     * The last snapshot of each key, in key order, every snapshot read of the key asked for (in topic order), and how
     * many records could not be decoded.
     */
    public record Result(Map<String, StatsSnapshot> latest, List<StatsSnapshot> ofKey, long undecodable) {}

    private static final Comparator<StatsSnapshot> LATEST =
            Comparator.comparingInt(StatsSnapshot::getResetGeneration).thenComparingLong(StatsSnapshot::getVersion);

    private StatsReader() {}

    /**
     * Reads the whole topic.
     *
     * @param key the key whose every snapshot is kept (compaction permitting), or {@code null}
     */
    public static Result readLatest(KafkaBrokers kafka, String topic, String topicFlag, String key) {
        kafka.requireTopic(topic, topicFlag);
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(kafka.consumer(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw kafka.badClientSettings(e);
        }
        try (consumer) {
            return read(consumer, topic, key);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw kafka.unreachable(e);
        } catch (KafkaException e) {
            throw kafka.explain(e, topic, topicFlag);
        }
    }

    private static Result read(KafkaConsumer<byte[], byte[]> consumer, String topic, String key) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, KafkaBrokers.TIMEOUT)) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // With read_committed these are the last stable offsets: the end of what is committed now.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KafkaBrokers.TIMEOUT);
        Map<String, StatsSnapshot> latest = new TreeMap<>();
        List<StatsSnapshot> ofKey = new ArrayList<>();
        long undecodable = 0;
        Instant deadline = Instant.now().plus(READ_LIMIT);
        while (!caughtUp(consumer, end)) {
            if (Instant.now().isAfter(deadline)) {
                throw CliException.failure(
                        "could not read topic '" + topic + "' to its end within " + READ_LIMIT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    // A tombstone: compaction will delete the key.
                    if (r.key() != null) {
                        String deleted = new String(r.key(), StandardCharsets.UTF_8);
                        latest.remove(deleted);
                        if (deleted.equals(key)) {
                            ofKey.clear();
                        }
                    }
                    continue;
                }
                try {
                    StatsSnapshot s = AvroWire.statsSnapshots().decode(r.value());
                    latest.merge(s.getKey(), s, (known, next) -> LATEST.compare(next, known) >= 0 ? next : known);
                    if (s.getKey().equals(key)) {
                        ofKey.add(s);
                    }
                } catch (WireFormatException e) {
                    undecodable++;
                }
            }
        }
        return new Result(latest, ofKey, undecodable);
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), KafkaBrokers.TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
