package io.streamingbatchnorm.bench.latency;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.e2e.BenchJobs;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.OutputWatch;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.JobTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Eval-mode end-to-end latency at a fixed offered load: a paced producer writes features to the broker,
 * the full job (every key in eval mode, at-least-once so output is visible at once) normalizes them, and
 * a consumer of the output topic records, per record, the time since its input was due.
 */
public final class LatencyBenchmark {
    public static final String FLAGS = "[--rate 5000] [--duration 30s] [--warmup 90s] [--keys 1000] [--dimension 16] "
            + "[--partitions 2] [--parallelism 1] [--checkpoint-interval 10s] [--buffer-timeout 100ms] "
            + "[--linger-ms 5] [--kafka-properties <file of the job's Kafka client settings>]";

    /** What one run measured; latencies in nanoseconds. */
    public record Result(
            int rate, long sent, long received, Histogram histogram, long maxBehindNanos, double coresUsed) {}

    private LatencyBenchmark() {}

    public static Result run(Args args) throws Exception {
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
                "latency: %,d records/s for %s after %s warm-up, %,d keys, dimension %d, %d partitions, "
                        + "parallelism %d, at-least-once, buffer timeout %s, load producer linger %d ms, job's Kafka "
                        + "properties %s%n",
                rate,
                Durations.format(duration),
                Durations.format(warmup),
                keys,
                dimension,
                partitions,
                parallelism,
                bufferTimeout,
                lingerMs,
                jobKafkaProperties.isEmpty() ? "(none)" : jobKafkaProperties);

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                FlinkCluster flink = FlinkCluster.start(parallelism, new Configuration())) {
            kafka.createTopic("latency-features", partitions);
            JobTopics topics = JobTopics.createReading(kafka, "latency-features", "latency", 2);
            BenchJobs.sendEvalForAllKeys(topics);
            JobConfig job = BenchJobs.config(
                    topics,
                    "latency",
                    Map.of(
                            "delivery",
                            "at-least-once",
                            "parallelism",
                            Integer.toString(parallelism),
                            "checkpoint-interval",
                            checkpointInterval,
                            "buffer-timeout",
                            bufferTimeout,
                            "kafka-properties",
                            jobKafkaProperties));
            JobID id = flink.submit(BenchJobs.normalization(job, NormalizerConfig.defaults(), new Configuration()));
            awaitFirstOutput(kafka, topics, dimension);

            long count = rate * (warmup.toMillis() + duration.toMillis()) / 1000;
            PacedProducer producer = new PacedProducer(
                    kafka.bootstrapServers(), topics.features, rate, count, keys, dimension, lingerMs);
            Result result;
            try (LatencyRecorder recorder = new LatencyRecorder(kafka.bootstrapServers(), topics.output)) {
                Thread thread = new Thread(producer, "paced-producer");
                thread.start();
                while (producer.startNanos() == 0) {
                    LockSupport.parkNanos(100_000);
                }
                long measureFrom = producer.startNanos() + warmup.toNanos();
                long cpu0 = ProcessMeter.cpuNanos();
                long wall0 = System.nanoTime();
                long deadline = producer.startNanos()
                        + warmup.toNanos()
                        + duration.toNanos()
                        + Duration.ofSeconds(60).toNanos();
                recorder.receive(count, measureFrom, deadline);
                thread.join();
                if (producer.failure() != null) {
                    throw new IllegalStateException("the paced producer failed", producer.failure());
                }
                // CPU of the whole process (broker, job, load tools) per second of the run.
                double cores = (double) (ProcessMeter.cpuNanos() - cpu0) / (System.nanoTime() - wall0);
                result = new Result(
                        rate,
                        producer.sent(),
                        recorder.received(),
                        recorder.histogram(),
                        producer.maxBehindNanos(),
                        cores);
            }
            flink.cancel(id);
            System.out.println("finished with " + ProcessMeter.machineLoad());
            System.out.println(table(result));
            return result;
        }
    }

    /** Sends one record and waits for its output, so that job start-up is not measured as latency. */
    private static void awaitFirstOutput(EmbeddedKafka kafka, JobTopics topics, int dimension) {
        FeatureData data = new FeatureData(5, dimension);
        byte[] probe = AvroWire.featureRecords().encode(data.record("key-0", System.currentTimeMillis(), "0"));
        try (OutputWatch watch = new OutputWatch(kafka.bootstrapServers(), topics.output)) {
            FeatureLoad.send(
                    kafka.bootstrapServers(),
                    List.of(new ProducerRecord<>(topics.features, FeatureData.utf8("key-0"), probe)));
            watch.await(0, 1, System.nanoTime(), ProcessMeter.cpuNanos(), Duration.ofMinutes(2));
        }
    }

    static Table table(Result r) {
        Histogram h = r.histogram();
        return new Table(
                        "offered records/s",
                        "measured records",
                        "p50 ms",
                        "p90 ms",
                        "p99 ms",
                        "p99.9 ms",
                        "max ms",
                        "producer max behind schedule ms",
                        "process CPU cores")
                .row(
                        Table.num(r.rate(), 0),
                        Table.num(h.getTotalCount(), 0),
                        ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(90)),
                        ms(h.getValueAtPercentile(99)),
                        ms(h.getValueAtPercentile(99.9)),
                        ms(h.getMaxValue()),
                        ms(r.maxBehindNanos()),
                        Table.num(r.coresUsed(), 2));
    }

    private static String ms(long nanos) {
        return Table.num(nanos / 1e6, 2);
    }
}
