package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the job's four output topics as a downstream consumer would (committed records only) on a thread
 * of its own, and feeds what it reads to a {@link DemoTally} and, if given, to {@link OutputFiles}.
 */
final class OutputTracker implements AutoCloseable {
    private final DemoTopics topics;
    private final DemoTally tally;
    private final OutputFiles files;
    private final Thread thread;
    private final AtomicReference<Map<TopicPartition, Long>> target = new AtomicReference<>();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopped;

    OutputTracker(DemoTopics topics, DemoTally tally, OutputFiles files) {
        this.topics = topics;
        this.tally = tally;
        this.files = files;
        this.thread = new Thread(this::run, "demo-output-tracker");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Waits until everything up to {@code end} (offsets per partition of the output topics) is read. With
     * read_committed, reading past an offset means every transaction before it was committed or aborted.
     *
     * @return false if that did not happen within {@code timeout}
     */
    boolean awaitOffsets(Map<TopicPartition, Long> end, Duration timeout) throws InterruptedException {
        target.set(Map.copyOf(end));
        boolean done = reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure.get() != null) {
            throw failure.get();
        }
        return done;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.outputs()) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
                Map<TopicPartition, Long> end = target.get();
                if (end != null
                        && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    reached.countDown();
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                failure.set(e);
                reached.countDown();
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(topics.output())) {
            NormalizedRecord n = AvroWire.normalizedRecords().decode(r.value());
            tally.add(n);
            files.write(n);
        } else if (r.topic().equals(topics.stats())) {
            StatsSnapshot s = AvroWire.statsSnapshots().decode(r.value());
            tally.add(s);
            files.write(s);
        } else if (r.topic().equals(topics.drift())) {
            tally.add(AvroWire.driftEvents().decode(r.value()));
        } else {
            DeadLetter d = AvroWire.deadLetters().decode(r.value());
            tally.add(d);
            files.write(d);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers());
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "normalize-demo-tracker");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
