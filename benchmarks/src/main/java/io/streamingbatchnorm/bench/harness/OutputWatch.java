package io.streamingbatchnorm.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches how many records a topic holds (the sum of its partitions' end offsets) and notes when the first
 * arrived and when the expected number was reached, with the process CPU time at each point. Polling the
 * end offsets costs the same in every run, so it cancels out of the ratios.
 */
public final class OutputWatch implements AutoCloseable {
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();
    private static final long CHECK_NANOS = Duration.ofMillis(500).toNanos();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();

    /** When a run started, produced its first output and completed, in nanoTime and process CPU nanoseconds. */
    public record Timing(
            long records,
            long startNanos,
            long startCpu,
            long firstNanos,
            long firstCpu,
            long firstCount,
            long doneNanos,
            long doneCpu) {

        /** Records per second from start to completion, start-up included. */
        public double totalRate() {
            return records * 1e9 / (doneNanos - startNanos);
        }

        /** Records per CPU-second from start to completion. */
        public double totalCpuRate() {
            return records * 1e9 / (doneCpu - startCpu);
        }

        /** Records per second from the first output to the last: the sustained rate, start-up excluded. */
        public double steadyRate() {
            return (records - firstCount) * 1e9 / (doneNanos - firstNanos);
        }

        /** Records per CPU-second from the first output to the last. */
        public double steadyCpuRate() {
            return (records - firstCount) * 1e9 / (doneCpu - firstCpu);
        }

        /** Seconds from start to the first output. */
        public double startupSeconds() {
            return (firstNanos - startNanos) / 1e9;
        }
    }

    public OutputWatch(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Counts committed records only, so that an exactly-once run is timed by what readers can see.
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
    }

    /** Records in the topic now. */
    public long count() {
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> e : consumer.endOffsets(partitions).entrySet()) {
            sum += e.getValue();
        }
        return sum;
    }

    /**
     * Waits until the topic holds {@code expected} records more than {@code before}, timing from
     * {@code startNanos}/{@code startCpu}.
     */
    public Timing await(long before, long expected, long startNanos, long startCpu, Duration timeout) {
        return await(before, expected, startNanos, startCpu, timeout, () -> {});
    }

    /** Like {@link #await(long, long, long, long, Duration)}, running {@code check} (which may throw) at each poll. */
    public Timing await(long before, long expected, long startNanos, long startCpu, Duration timeout, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstNanos = -1;
        long firstCpu = -1;
        long firstCount = 0;
        long lastCheck = System.nanoTime();
        while (true) {
            long n = count() - before;
            long now = System.nanoTime();
            long cpu = ProcessMeter.cpuNanos();
            if (n > 0 && firstNanos < 0) {
                firstNanos = now;
                firstCpu = cpu;
                firstCount = n;
            }
            if (n >= expected) {
                return new Timing(expected, startNanos, startCpu, firstNanos, firstCpu, firstCount, now, cpu);
            }
            if (now - lastCheck > CHECK_NANOS) {
                check.run();
                lastCheck = now;
            }
            if (now > deadline) {
                throw new IllegalStateException("only " + n + " of " + expected + " records arrived in " + topic()
                        + " within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Times a run at steady state: waits for its first output, lets it run for {@code warmup} more (JIT compilation,
     * filled buffers and fetch pipelines), then counts the records that reach the topic over {@code window}. The
     * input holds {@code available} records; a window that ends with the output within 2% of them fails, since the
     * source may have run dry inside it (records in flight between source and output are far fewer than that).
     *
     * @param check run about twice a second; throws if the run has failed
     */
    public SteadyWindow steady(
            long startNanos, Duration warmup, Duration window, long available, Duration timeout, Runnable check) {
        long first =
                await(0, 1, startNanos, ProcessMeter.cpuNanos(), timeout, check).firstNanos();
        waitUntil(first + warmup.toNanos(), check);
        long from = count();
        long t0 = System.nanoTime();
        long cpu0 = ProcessMeter.cpuNanos();
        waitUntil(t0 + window.toNanos(), check);
        long to = count();
        long t1 = System.nanoTime();
        long cpu1 = ProcessMeter.cpuNanos();
        if (to > available - available / 50) {
            throw new IllegalStateException(to + " of the " + available + " input records had reached " + topic()
                    + " when the measured window ended, so the source may have run dry within it: load more records"
                    + " or measure for less time");
        }
        return new SteadyWindow(to - from, t1 - t0, cpu1 - cpu0, (first - startNanos) / 1e9);
    }

    private static void waitUntil(long nanos, Runnable check) {
        long now = System.nanoTime();
        while (now < nanos) {
            LockSupport.parkNanos(Math.min(CHECK_NANOS, nanos - now));
            check.run();
            now = System.nanoTime();
        }
    }

    private String topic() {
        return partitions.get(0).topic();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
