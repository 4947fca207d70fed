package io.streamingbatchnorm.bench.e2e;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.OutputWatch;
import io.streamingbatchnorm.bench.harness.OutputWatch.Timing;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.testing.JobTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Sustained throughput, end to end through the in-process Kafka broker: N pre-loaded records go through
 * each {@link Scenario} in turn, in rounds, and every figure is set against the passthrough job of the same
 * round. The broker, the Flink MiniCluster and the timing thread share one JVM and its CPU time.
 */
public final class ThroughputBenchmark {
    public static final String FLAGS = "[--records 320000] [--keys 1000] [--dimension 16] [--partitions 2] "
            + "[--parallelism 1] [--rounds 3] [--warmup-records 64000] [--delivery at-least-once] "
            + "[--checkpoint-interval 10s] [--batch-size 32] [--scenarios loop,passthrough,keyed,train,eval]";

    /** One measured run. */
    public record Run(Scenario scenario, int round, Timing timing) {}

    private final EmbeddedKafka kafka;
    private final FlinkCluster flink;
    private final Map<String, String> jobFlags;
    private final NormalizerConfig config;
    private int runs;

    private ThroughputBenchmark(
            EmbeddedKafka kafka, FlinkCluster flink, Map<String, String> jobFlags, NormalizerConfig config) {
        this.kafka = kafka;
        this.flink = flink;
        this.jobFlags = jobFlags;
        this.config = config;
    }

    public static List<Run> run(Args args) throws Exception {
        int records = args.integer("records", 320_000);
        int keys = args.integer("keys", 1000);
        int dimension = args.integer("dimension", 16);
        int partitions = args.integer("partitions", 2);
        int parallelism = args.integer("parallelism", 1);
        int rounds = args.integer("rounds", 3);
        int warmup = args.integer("warmup-records", 64_000);
        List<Scenario> scenarios = new ArrayList<>();
        for (String s : args.list("scenarios", "loop,passthrough,keyed,train,eval")) {
            scenarios.add(Scenario.ofFlag(s));
        }
        Map<String, String> jobFlags = Map.of(
                "delivery", args.string("delivery", "at-least-once"),
                "checkpoint-interval", args.string("checkpoint-interval", "10s"),
                "parallelism", Integer.toString(parallelism));
        NormalizerConfig config = NormalizerConfig.builder()
                .batchSize(args.integer("batch-size", 32))
                .build();
        args.requireAllUsed();

        System.out.printf(
                "e2e: %,d records, %,d keys, dimension %d, %d partitions, parallelism %d, %s, %d rounds%n",
                records, keys, dimension, partitions, parallelism, jobFlags.get("delivery"), rounds);
        List<Run> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                FlinkCluster flink = FlinkCluster.start(parallelism, new Configuration())) {
            kafka.createTopic("features", partitions);
            kafka.createTopic("warmup-features", partitions);
            FeatureLoad.load(kafka.bootstrapServers(), "features", 0, records, keys, dimension, 1);
            FeatureLoad.load(kafka.bootstrapServers(), "warmup-features", 0, warmup, keys, dimension, 2);
            ThroughputBenchmark bench = new ThroughputBenchmark(kafka, flink, jobFlags, config);
            if (warmup > 0) {
                // Compiles the hot paths of every scenario before anything is timed.
                for (Scenario s : scenarios) {
                    bench.measure(s, "warmup-features", warmup);
                }
            }
            for (int round = 1; round <= rounds; round++) {
                for (Scenario s : scenarios) {
                    Timing t = bench.measure(s, "features", records);
                    results.add(new Run(s, round, t));
                    System.err.printf(
                            "round %d %-11s %,10.0f rec/s %,10.0f rec/cpu-s (start-up %.1f s)%n",
                            round, s.flag, t.steadyRate(), t.steadyCpuRate(), t.startupSeconds());
                }
            }
        }
        System.out.println("finished with " + ProcessMeter.machineLoad());
        System.out.println(ThroughputReport.runs(results));
        System.out.println(ThroughputReport.summary(results, scenarios));
        System.out.println(ThroughputReport.ratios(results, scenarios));
        return results;
    }

    /** Runs one scenario over {@code records} records of {@code features} and times it. */
    Timing measure(Scenario scenario, String features, long records) throws Exception {
        String run = scenario.flag + "-" + (++runs);
        JobTopics topics = JobTopics.createReading(kafka, features, run, 2);
        Duration timeout = Duration.ofSeconds(Math.max(180, records / 1000));
        try (OutputWatch watch = new OutputWatch(kafka.bootstrapServers(), topics.output)) {
            if (scenario == Scenario.LOOP) {
                KafkaLoop loop = new KafkaLoop(kafka.bootstrapServers(), features, topics.output, run, records);
                Thread thread = new Thread(loop, "kafka-loop");
                long t0 = System.nanoTime();
                long c0 = ProcessMeter.cpuNanos();
                thread.start();
                Timing timing = watch.await(0, records, t0, c0, timeout);
                thread.join();
                if (loop.failure() != null) {
                    throw new IllegalStateException("the Kafka loop failed", loop.failure());
                }
                return timing;
            }
            if (scenario == Scenario.EVAL) {
                BenchJobs.sendEvalForAllKeys(topics);
            }
            JobConfig job = BenchJobs.config(topics, run, jobFlags).asBounded();
            Configuration flinkConf = new Configuration();
            StreamGraph graph = switch (scenario) {
                case PASSTHROUGH -> BenchJobs.passthrough(job, config, flinkConf, false);
                case KEYED -> BenchJobs.passthrough(job, config, flinkConf, true);
                default -> BenchJobs.normalization(job, config, flinkConf);
            };
            long t0 = System.nanoTime();
            long c0 = ProcessMeter.cpuNanos();
            JobID id = flink.submit(graph);
            Timing timing = watch.await(0, records, t0, c0, timeout, () -> flink.requireNotFailed(id));
            // The bounded job would still wait for a final checkpoint; its output is complete, so stop it.
            flink.cancel(id);
            return timing;
        } finally {
            topics.delete();
        }
    }
}
