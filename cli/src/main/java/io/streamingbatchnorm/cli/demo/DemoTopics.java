package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** The demo's topics on its in-process broker, named as the job's defaults, and the offsets it watches. */
final class DemoTopics {
    static final String FEATURES = "features";
    static final String OUTPUT = "features-normalized";
    static final String STATS = "feature-stats";
    static final String DLQ = "features-dlq";
    static final String CONTROL = "control";
    static final String DRIFT = "feature-drift";
    static final String GROUP = "normalize-demo";
    /**
     * One partition: the watermark then follows the stream itself. With more partitions than keys, a
     * partition without records holds the watermark back until it counts as idle (--idleness), and event-time
     * batches (the weather demo's weeks) would close late, after eval-mode records were already normalized.
     */
    static final int FEATURE_PARTITIONS = 1;

    private final EmbeddedKafka kafka;

    private DemoTopics(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /** Creates the topics as a production deployment would: stats compacted, control with one partition. */
    static DemoTopics create(EmbeddedKafka kafka) {
        kafka.createTopic(FEATURES, FEATURE_PARTITIONS);
        kafka.createTopic(OUTPUT, FEATURE_PARTITIONS);
        kafka.createCompactedTopic(STATS, 1);
        kafka.createTopic(DLQ, 1);
        kafka.createControlTopic(CONTROL);
        kafka.createTopic(DRIFT, 1);
        return new DemoTopics(kafka);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String output() {
        return OUTPUT;
    }

    String stats() {
        return STATS;
    }

    String drift() {
        return DRIFT;
    }

    List<String> outputs() {
        return List.of(OUTPUT, STATS, DLQ, DRIFT);
    }

    /**
     * The end of every output partition once no transaction is open on it any more: the job's last
     * transactions can commit just after it reported its end.
     */
    Map<TopicPartition, Long> settledOutputEnd(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Map<TopicPartition, Long> all = ends(IsolationLevel.READ_UNCOMMITTED);
            if (all.equals(ends(IsolationLevel.READ_COMMITTED)) || Instant.now().isAfter(deadline)) {
                return all;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The offsets the job committed on the features topic, by partition; empty while it has committed none. */
    Map<Integer, Long> featuresReadByPartition() {
        Map<Integer, Long> out = new HashMap<>();
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin()
                    .listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            offsets.forEach((tp, o) -> {
                if (tp.topic().equals(FEATURES) && o != null) {
                    out.put(tp.partition(), o.offset());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // Unknown for now; the next call asks again.
        }
        return out;
    }

    private Map<TopicPartition, Long> ends(IsolationLevel isolation) throws InterruptedException {
        Admin admin = kafka.admin();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        try {
            for (var d : admin.describeTopics(outputs())
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()) {
                d.partitions()
                        .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(
                            request, new ListOffsetsOptions(isolation))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            result.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of the output topics: " + e.getMessage(), e);
        }
    }
}
