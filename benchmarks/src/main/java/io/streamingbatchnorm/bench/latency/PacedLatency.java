package io.streamingbatchnorm.bench.latency;

import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.OutputWatch;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.schemas.AvroWire;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One latency measurement at a fixed offered load against whatever already consumes {@code input} and writes
 * {@code output} (the Flink job, the serving application, a passthrough): a {@link PacedProducer} offers the
 * records and a {@link LatencyRecorder} times their outputs, after a warm-up that is left out.
 */
public final class PacedLatency {
    private final String bootstrapServers;
    private final String input;
    private final String output;
    private final int keys;
    private final int dimension;
    private final int lingerMs;

    /**
     * @param keys the records go round-robin over {@code key-0 .. key-(keys-1)}
     * @param lingerMs the load producer's {@code linger.ms}
     */
    public PacedLatency(String bootstrapServers, String input, String output, int keys, int dimension, int lingerMs) {
        this.bootstrapServers = bootstrapServers;
        this.input = input;
        this.output = output;
        this.keys = keys;
        this.dimension = dimension;
        this.lingerMs = lingerMs;
    }

    /** Sends one record and waits for its output, so that start-up is not measured as latency. */
    public void awaitFirstOutput() {
        FeatureData data = new FeatureData(5, dimension);
        byte[] probe = AvroWire.featureRecords().encode(data.record("key-0", System.currentTimeMillis(), "0"));
        try (OutputWatch watch = new OutputWatch(bootstrapServers, output)) {
            FeatureLoad.send(bootstrapServers, List.of(new ProducerRecord<>(input, FeatureData.utf8("key-0"), probe)));
            watch.await(0, 1, System.nanoTime(), ProcessMeter.cpuNanos(), Duration.ofMinutes(2));
        }
    }

    /**
     * Offers {@code rate} records per second for {@code warmup} plus {@code duration} and records the latency of
     * those due after the warm-up.
     *
     * @param cpu CPU time so far of each process taking part, by what runs in it, in nanoseconds
     */
    public LatencyResult measure(int rate, Duration warmup, Duration duration, Map<String, LongSupplier> cpu)
            throws Exception {
        long count = rate * (warmup.toMillis() + duration.toMillis()) / 1000;
        PacedProducer producer = new PacedProducer(bootstrapServers, input, rate, count, keys, dimension, lingerMs);
        try (LatencyRecorder recorder = new LatencyRecorder(bootstrapServers, output)) {
            Thread thread = new Thread(producer, "paced-producer");
            thread.start();
            while (producer.startNanos() == 0) {
                LockSupport.parkNanos(100_000);
            }
            long measureFrom = producer.startNanos() + warmup.toNanos();
            Map<String, Long> cpu0 = sample(cpu);
            long wall0 = System.nanoTime();
            long deadline =
                    measureFrom + duration.toNanos() + Duration.ofSeconds(60).toNanos();
            recorder.receive(count, measureFrom, deadline);
            thread.join();
            if (producer.failure() != null) {
                throw new IllegalStateException("the paced producer failed", producer.failure());
            }
            long wall = System.nanoTime() - wall0;
            Map<String, Double> cores = new LinkedHashMap<>();
            sample(cpu).forEach((name, nanos) -> cores.put(name, (double) (nanos - cpu0.get(name)) / wall));
            return new LatencyResult(
                    rate, producer.sent(), recorder.received(), recorder.histogram(), producer.maxBehindNanos(), cores);
        }
    }

    private static Map<String, Long> sample(Map<String, LongSupplier> cpu) {
        Map<String, Long> now = new LinkedHashMap<>();
        cpu.forEach((name, meter) -> now.put(name, meter.getAsLong()));
        return now;
    }
}
