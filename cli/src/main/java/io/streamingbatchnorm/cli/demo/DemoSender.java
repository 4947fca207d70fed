package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.schemas.AvroWire;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the demo's control commands and feature messages as a client would: keyed by normalization key
 * (so each key stays on one partition, in order), with the event time as record timestamp, at a steady rate.
 */
final class DemoSender implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final Map<Integer, Long> end = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    DemoSender(String bootstrapServers) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "normalize-demo-producer");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends the commands and waits until the broker has them. */
    void sendCommands(List<ControlCommand> commands) {
        for (ControlCommand c : commands) {
            producer.send(new ProducerRecord<>(
                    DemoTopics.CONTROL,
                    bytes(c.getKey()),
                    AvroWire.controlCommands().encode(c)));
        }
        producer.flush();
    }

    /**
     * Sends the payloads at about {@code rate} per second (as fast as possible when 0) and waits until the
     * broker acknowledged all of them.
     *
     * @return the end offset of each partition of the features topic that received messages
     */
    Map<Integer, Long> sendPayloads(List<Payload> payloads, double rate) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < payloads.size(); i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long ahead = due - System.nanoTime();
                if (ahead > TimeUnit.MILLISECONDS.toNanos(5)) {
                    TimeUnit.NANOSECONDS.sleep(ahead);
                }
            }
            Payload m = payloads.get(i);
            producer.send(
                    new ProducerRecord<>(DemoTopics.FEATURES, null, m.eventTime(), bytes(m.key()), m.value()),
                    (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            end.merge(metadata.partition(), metadata.offset() + 1, Math::max);
                            acknowledged.incrementAndGet();
                        }
                    });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new KafkaException(
                    "the demo's producer failed: " + failure.get().getMessage(), failure.get());
        }
        return Map.copyOf(end);
    }

    /** Messages the broker has acknowledged so far. */
    long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() {
        producer.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
