package io.streamingbatchnorm.cli.kafka;

import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the drift topic from its beginning, committed records only, and hands each event to a listener: up to the
 * end the topic has when reading starts ({@code bounded}), or on and on until {@link #stop()}.
 *
 * <p>Joins no consumer group and commits nothing: every run shows the whole topic (as long as its retention keeps
 * it). Events of one key come in their order; events of keys on different partitions interleave.
 */
public final class DriftTail implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    /** What the tail hands on. */
    public interface Listener {
        void event(DriftEvent event);

        /** A record of the topic that is not a DriftEvent, at {@code where} (topic-partition@offset). */
        void skipped(String where, String why);
    }

    private final KafkaBrokers kafka;
    private final String topic;
    private final String topicFlag;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private boolean interrupted;

    private DriftTail(KafkaBrokers kafka, String topic, String topicFlag, KafkaConsumer<byte[], byte[]> consumer) {
        this.kafka = kafka;
        this.topic = topic;
        this.topicFlag = topicFlag;
        this.consumer = consumer;
    }

    /**
     * A tail of {@code topic}, after checking that the brokers answer and the topic exists.
     *
     * @throws io.streamingbatchnorm.flink.kafka.BrokerCheckException naming {@code topicFlag} when it does not
     */
    public static DriftTail open(KafkaBrokers kafka, String topic, String topicFlag) {
        kafka.requireTopic(topic, topicFlag);
        try {
            return new DriftTail(
                    kafka,
                    topic,
                    topicFlag,
                    new KafkaConsumer<>(kafka.consumer(), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        } catch (KafkaException e) {
            throw kafka.badClientSettings(e);
        }
    }

    /**
     * Reads and hands on events; returns at the topic's end as of the call when {@code bounded}, otherwise when
     * {@link #stop()} is called from another thread.
     */
    public void run(boolean bounded, Listener listener) {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, KafkaBrokers.TIMEOUT)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets: the end of what is committed now.
            Map<TopicPartition, Long> end = bounded ? consumer.endOffsets(partitions, KafkaBrokers.TIMEOUT) : null;
            while (!bounded || !caughtUp(end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    hand(r, listener);
                }
            }
        } catch (WakeupException stopped) {
            // stop() was called: the end of a tail that follows the topic.
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // The thread running a command in-process was interrupted: stop as on stop(). The flag is set again once
            // the consumer is closed, which it would otherwise interrupt.
            Thread.interrupted();
            interrupted = true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw kafka.unreachable(e);
        } catch (KafkaException e) {
            throw kafka.explain(e, topic, topicFlag);
        }
    }

    private void hand(ConsumerRecord<byte[], byte[]> r, Listener listener) {
        if (r.value() == null) {
            return;
        }
        try {
            listener.event(AvroWire.driftEvents().decode(r.value()));
        } catch (WireFormatException e) {
            listener.skipped(r.topic() + "-" + r.partition() + "@" + r.offset(), e.reason() + ": " + e.getMessage());
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), KafkaBrokers.TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Makes a {@link #run} in another thread return; safe from a shutdown hook. */
    public void stop() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
