package io.streamingbatchnorm.bench.e2e;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.OutputWatch;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.bench.harness.RoundRuns;
import io.streamingbatchnorm.bench.harness.SteadyWindow;
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
 * Sustained throughput, end to end through the in-process Kafka broker: each {@link Scenario} in turn reads the
 * same pre-loaded features topic from its start, warms up, and is timed over a fixed window at steady state, in
 * rounds; every figure is set against the passthrough job of the same round. The broker, the Flink MiniCluster and
 * the timing thread share one JVM and its CPU time.
 */
public final class ThroughputBenchmark {
    public static final String FLAGS = "[--seconds 20] [--warmup-seconds 10] [--records 12000000] [--keys 1000] "
            + "[--dimension 16] [--partitions 2] [--parallelism 1] [--rounds 3] [--delivery at-least-once] "
            + "[--checkpoint-interval 10s] [--batch-size 32] [--scenarios loop,passthrough,keyed,train,eval]";

    private static final String FEATURES = "features";
    private static final Duration FIRST_OUTPUT_TIMEOUT = Duration.ofMinutes(3);

    /** One measured run. */
    public record Run(Scenario scenario, int round, SteadyWindow window) implements RoundRuns.Run {}

    private final EmbeddedKafka kafka;
    private final FlinkCluster flink;
    private final Map<String, String> jobFlags;
    private final NormalizerConfig config;
    private final Duration warmup;
    private final Duration window;
    private final long records;
    private int runs;

    private ThroughputBenchmark(
            EmbeddedKafka kafka,
            FlinkCluster flink,
            Map<String, String> jobFlags,
            NormalizerConfig config,
            Duration warmup,
            Duration window,
            long records) {
        this.kafka = kafka;
        this.flink = flink;
        this.jobFlags = jobFlags;
        this.config = config;
        this.warmup = warmup;
        this.window = window;
        this.records = records;
    }

    public static List<Run> run(Args args) throws Exception {
        Duration window = Duration.ofSeconds(args.integer("seconds", 20));
        Duration warmup = Duration.ofSeconds(args.integer("warmup-seconds", 10));
        int records = args.integer("records", 12_000_000);
        int keys = args.integer("keys", 1000);
        int dimension = args.integer("dimension", 16);
        int partitions = args.integer("partitions", 2);
        int parallelism = args.integer("parallelism", 1);
        int rounds = args.integer("rounds", 3);
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
                "e2e: %d s measured after %d s warm-up per run, %,d records loaded, %,d keys, dimension %d, "
                        + "%d partitions, parallelism %d, %s, %d rounds%n",
                window.toSeconds(),
                warmup.toSeconds(),
                records,
                keys,
                dimension,
                partitions,
                parallelism,
                jobFlags.get("delivery"),
                rounds);
        List<Run> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                FlinkCluster flink = FlinkCluster.start(parallelism, new Configuration())) {
            kafka.createTopic(FEATURES, partitions);
            long l0 = System.nanoTime();
            FeatureLoad.load(kafka.bootstrapServers(), FEATURES, 0, records, keys, dimension, 1);
            System.err.printf("loaded %,d records in %.1f s%n", records, (System.nanoTime() - l0) / 1e9);
            ThroughputBenchmark bench =
                    new ThroughputBenchmark(kafka, flink, jobFlags, config, warmup, window, records);
            for (int round = 1; round <= rounds; round++) {
                for (Scenario s : scenarios) {
                    SteadyWindow w = bench.measure(s);
                    results.add(new Run(s, round, w));
                    System.err.printf(
                            "round %d %-11s %,10.0f rec/s %,10.0f rec/cpu-s (start-up %.1f s, %s)%n",
                            round, s.flag, w.rate(), w.cpuRate(), w.startupSeconds(), ProcessMeter.machineLoad());
                }
            }
        }
        System.out.println("finished with " + ProcessMeter.machineLoad());
        System.out.println(ThroughputReport.runs(results));
        System.out.println(ThroughputReport.summary(results, scenarios));
        System.out.println(ThroughputReport.ratios(results, scenarios));
        return results;
    }

    /** Runs one scenario from the start of the features topic, with its own consumer group and output topic. */
    private SteadyWindow measure(Scenario scenario) throws Exception {
        String run = scenario.flag + "-" + (++runs);
        JobTopics topics = JobTopics.createReading(kafka, FEATURES, run, 2);
        try (OutputWatch watch = new OutputWatch(kafka.bootstrapServers(), topics.output)) {
            return scenario == Scenario.LOOP
                    ? measureLoop(watch, topics, run)
                    : measureJob(scenario, watch, topics, run);
        } finally {
            topics.delete();
        }
    }

    private SteadyWindow measureLoop(OutputWatch watch, JobTopics topics, String run) throws Exception {
        KafkaLoop loop = new KafkaLoop(kafka.bootstrapServers(), FEATURES, topics.output, run);
        Thread thread = new Thread(loop, "kafka-loop");
        long t0 = System.nanoTime();
        thread.start();
        try {
            return watch.steady(t0, warmup, window, records, FIRST_OUTPUT_TIMEOUT, () -> {
                if (loop.failure() != null) {
                    throw new IllegalStateException("the Kafka loop failed", loop.failure());
                }
            });
        } finally {
            loop.stop();
            thread.join();
        }
    }

    private SteadyWindow measureJob(Scenario scenario, OutputWatch watch, JobTopics topics, String run)
            throws Exception {
        if (scenario == Scenario.EVAL) {
            BenchJobs.sendEvalForAllKeys(topics);
        }
        JobConfig job = BenchJobs.config(topics, run, jobFlags);
        Configuration flinkConf = new Configuration();
        StreamGraph graph = switch (scenario) {
            case PASSTHROUGH -> BenchJobs.passthrough(job, config, flinkConf, false);
            case KEYED -> BenchJobs.passthrough(job, config, flinkConf, true);
            default -> BenchJobs.normalization(job, config, flinkConf);
        };
        long t0 = System.nanoTime();
        JobID id = flink.submit(graph);
        try {
            return watch.steady(t0, warmup, window, records, FIRST_OUTPUT_TIMEOUT, () -> flink.requireNotFailed(id));
        } finally {
            flink.cancel(id);
        }
    }
}
