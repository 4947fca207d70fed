package io.streamingbatchnorm.bench.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The Kafka broker a benchmark runs against: in this JVM ({@link InProcessBroker}), or in a process of its own
 * ({@link BrokerProcess}), so that broker and job do not share a JVM's threads, heap and JIT compiler.
 */
public interface Broker extends AutoCloseable {

    /** {@code in-process} or {@code process}, as the {@code --broker} flag names them. */
    static Broker start(String kind) {
        return switch (kind) {
            case "in-process" -> InProcessBroker.start();
            case "process" -> BrokerProcess.start();
            default -> throw new IllegalArgumentException("--broker must be in-process or process, got '" + kind + "'");
        };
    }

    String bootstrapServers();

    /** An admin client of the broker, closed with it. */
    Admin admin();

    /** CPU time the broker's own process has used so far, in nanoseconds; -1 when it runs in this JVM. */
    long processCpuNanos();

    @Override
    void close();

    /**
     * Creates the topics and waits until every partition's leader answers for it, so that the job's start-up
     * checks and the first records do not meet a partition without a leader.
     */
    default void createTopics(List<NewTopic> topics) throws Exception {
        admin().createTopics(topics).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (NewTopic t : topics) {
            for (int p = 0; p < t.numPartitions(); p++) {
                latest.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
