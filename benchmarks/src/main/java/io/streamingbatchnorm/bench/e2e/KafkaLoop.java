package io.streamingbatchnorm.bench.e2e;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor of any Kafka-to-Kafka pipeline: one thread that consumes the features topic and produces
 * each payload unchanged to the output topic, with default client settings, until it is stopped.
 */
public final class KafkaLoop implements Runnable {
    private final String bootstrapServers;
    private final String input;
    private final String output;
    private final String group;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;

    public KafkaLoop(String bootstrapServers, String input, String output, String group) {
        this.bootstrapServers = bootstrapServers;
        this.input = input;
        this.output = output;
        this.group = group;
    }

    @Override
    public void run() {
        Properties c = new Properties();
        c.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(java.util.List.of(input));
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value()));
                }
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** Ends the loop after its current poll. */
    public void stop() {
        stopped = true;
    }

    /** What ended the loop early, if anything. */
    public Throwable failure() {
        return failure.get();
    }
}
