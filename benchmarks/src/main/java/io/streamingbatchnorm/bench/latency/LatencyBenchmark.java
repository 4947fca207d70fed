package io.streamingbatchnorm.bench.latency;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.e2e.BenchJobs;
import io.streamingbatchnorm.bench.harness.Broker;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.JobConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * Eval-mode end-to-end latency at a fixed offered load: a paced producer writes features to the broker,
 * the full job (every key in eval mode, at-least-once so output is visible at once) normalizes them, and
 * a consumer of the output topic records, per record, the time since its input was due. The broker runs in
 * this JVM or, with {@code --broker process}, in a JVM of its own.
 */
public final class LatencyBenchmark {
    public static final String FLAGS = "[--broker in-process|process] [--rate 5000] [--duration 30s] [--warmup 90s] "
            + "[--keys 1000] [--dimension 16] [--partitions 2] [--parallelism 1] [--checkpoint-interval 10s] "
            + "[--buffer-timeout 100ms] [--linger-ms 5] [--kafka-properties <file of the job's Kafka client settings>]";

    private LatencyBenchmark() {}

    public static LatencyResult run(Args args) throws Exception {
        String brokerKind = args.string("broker", "in-process");
        int rate = args.integer("rate", 5000);
        Duration duration = args.duration("duration", "30s");
        Duration warmup = args.duration("warmup", "90s");
        int keys = args.integer("keys", 1000);
        int dimension = args.integer("dimension", 16);
        int partitions = args.integer("partitions", 2);
        int parallelism = args.integer("parallelism", 1);
        String checkpointInterval = args.string("checkpoint-interval", "10s");
        String bufferTimeout = args.string("buffer-timeout", "100ms");
        // Kafka's default: a producer application batches what arrives within 5 ms into one request.
        int lingerMs = args.integer("linger-ms", 5);
        String jobKafkaProperties = args.string("kafka-properties", "");
        args.requireAllUsed();
        System.out.printf(
                "latency: %,d records/s for %s after %s warm-up, broker %s, %,d keys, dimension %d, %d partitions, "
                        + "parallelism %d, at-least-once, buffer timeout %s, load producer linger %d ms, job's Kafka "
                        + "properties %s%n",
                rate,
                Durations.format(duration),
                Durations.format(warmup),
                brokerKind,
                keys,
                dimension,
                partitions,
                parallelism,
                bufferTimeout,
                lingerMs,
                jobKafkaProperties.isEmpty() ? "(none)" : jobKafkaProperties);

        try (Broker broker = Broker.start(brokerKind);
                FlinkCluster flink = FlinkCluster.start(parallelism, new Configuration())) {
            LatencyTopics topics = LatencyTopics.create(broker, partitions);
            BenchJobs.sendEvalForAllKeys(broker.bootstrapServers(), topics.control());
            Map<String, String> flags = Map.of(
                    "delivery",
                    "at-least-once",
                    "parallelism",
                    Integer.toString(parallelism),
                    "checkpoint-interval",
                    checkpointInterval,
                    "buffer-timeout",
                    bufferTimeout,
                    "kafka-properties",
                    jobKafkaProperties);
            JobConfig job = BenchJobs.config(topics.flags(broker.bootstrapServers(), "latency"), flags);
            JobID id = flink.submit(BenchJobs.normalization(job, NormalizerConfig.defaults(), new Configuration()));
            PacedLatency paced = new PacedLatency(
                    broker.bootstrapServers(), topics.features(), topics.output(), keys, dimension, lingerMs);
            paced.awaitFirstOutput();
            LatencyResult result = paced.measure(rate, warmup, duration, cpuMeters(broker));
            flink.cancel(id);
            System.out.println("finished with " + ProcessMeter.machineLoad());
            String label = "broker " + brokerKind + ", buffer timeout " + bufferTimeout;
            System.out.println(LatencyTable.of("run", Map.of(label, result)));
            return result;
        }
    }

    /** The CPU time of each process: this one alone, or this one and the broker's. */
    private static Map<String, LongSupplier> cpuMeters(Broker broker) {
        Map<String, LongSupplier> cpu = new LinkedHashMap<>();
        if (broker.processCpuNanos() < 0) {
            cpu.put("this JVM (broker, job, load tools)", ProcessMeter::cpuNanos);
        } else {
            cpu.put("broker process", broker::processCpuNanos);
            cpu.put("this JVM (job, load tools)", ProcessMeter::cpuNanos);
        }
        return cpu;
    }
}
