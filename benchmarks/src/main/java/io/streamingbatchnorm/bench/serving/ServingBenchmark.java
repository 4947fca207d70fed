package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.harness.Directories;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.OutputWatch;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.bench.harness.RoundRuns;
import io.streamingbatchnorm.bench.harness.SteadyWindow;
import io.streamingbatchnorm.bench.latency.LatencyResult;
import io.streamingbatchnorm.bench.latency.PacedLatency;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.kafka.ServingConfig;
import io.streamingbatchnorm.kafka.ServingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka Streams serving application against a Kafka Streams passthrough with the same settings, in the same
 * run: sustained throughput at steady state over a pre-loaded input, in rounds, and latency at a paced load. Every
 * key has statistics published before serving starts, so every record is normalized. The broker, the applications
 * and the load tools share one JVM.
 */
public final class ServingBenchmark {
    public static final String FLAGS = ServingSettings.FLAGS;

    private static final String STATS = "serving-stats";
    private static final String INPUT = "serving-features";
    private static final Duration FIRST_OUTPUT_TIMEOUT = Duration.ofMinutes(3);
    private static final List<ServingScenario> ORDER = List.of(ServingScenario.PASSTHROUGH, ServingScenario.SERVING);

    /** One measured throughput run. */
    public record Run(ServingScenario scenario, int round, SteadyWindow window) implements RoundRuns.Run {}

    /** Everything the benchmark measured: throughput runs, and latency by application and delivery. */
    public record Result(List<Run> runs, Map<String, LatencyResult> latency) {}

    private final EmbeddedKafka kafka;
    private final Path stateRoot;
    private final ServingSettings settings;
    private int runs;

    private ServingBenchmark(EmbeddedKafka kafka, Path stateRoot, ServingSettings settings) {
        this.kafka = kafka;
        this.stateRoot = stateRoot;
        this.settings = settings;
    }

    public static Result run(Args args) throws Exception {
        ServingSettings settings = ServingSettings.parse(args);
        System.out.println("serving: " + settings);
        List<Run> runs = new ArrayList<>();
        Map<String, LatencyResult> latency = new LinkedHashMap<>();
        Path stateRoot = Directories.createTemp("sbn-serving-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createCompactedTopic(STATS, 1);
            kafka.createTopic(INPUT, settings.partitions());
            StatsSnapshots.publish(kafka.bootstrapServers(), STATS, settings.keys(), settings.dimension());
            long l0 = System.nanoTime();
            FeatureLoad.load(
                    kafka.bootstrapServers(), INPUT, 0, settings.records(), settings.keys(), settings.dimension(), 1);
            System.err.printf("loaded %,d records in %.1f s%n", settings.records(), (System.nanoTime() - l0) / 1e9);
            ServingBenchmark bench = new ServingBenchmark(kafka, stateRoot, settings);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (ServingScenario s : ORDER) {
                    SteadyWindow w = bench.throughput(s);
                    runs.add(new Run(s, round, w));
                    System.err.printf(
                            "round %d %-11s %,10.0f rec/s %,10.0f rec/cpu-s (start-up %.1f s, %s)%n",
                            round, s.flag, w.rate(), w.cpuRate(), w.startupSeconds(), ProcessMeter.machineLoad());
                }
            }
            for (String delivery : settings.latencyDeliveries()) {
                for (ServingScenario s : ORDER) {
                    latency.put(s.flag + ", " + delivery, bench.latency(s, delivery));
                }
            }
        } finally {
            Directories.delete(stateRoot);
        }
        System.out.println("finished with " + ProcessMeter.machineLoad());
        System.out.println(ServingReport.runs(runs));
        System.out.println(ServingReport.summary(runs));
        System.out.println(ServingReport.ratio(runs));
        System.out.println(ServingReport.latency(latency));
        return new Result(runs, latency);
    }

    /** Runs one application from the start of the pre-loaded input and times it at steady state. */
    private SteadyWindow throughput(ServingScenario scenario) throws Exception {
        ServingConfig config = config(scenario.flag + "-" + (++runs), INPUT, settings.delivery());
        try (OutputWatch watch = new OutputWatch(kafka.bootstrapServers(), config.outputTopic());
                OutputWatch deadLetters = new OutputWatch(kafka.bootstrapServers(), config.dlqTopic())) {
            long t0 = System.nanoTime();
            try (RunningApp app = RunningApp.start(scenario, config)) {
                SteadyWindow w = watch.steady(
                        t0,
                        settings.warmup(),
                        settings.window(),
                        settings.records(),
                        FIRST_OUTPUT_TIMEOUT,
                        app::requireRunning);
                requireNoDeadLetters(deadLetters, config);
                return w;
            }
        } finally {
            deleteTopics(config.outputTopic(), config.dlqTopic());
        }
    }

    /** Starts one application on an empty input of its own, then offers it the paced load. */
    private LatencyResult latency(ServingScenario scenario, String delivery) throws Exception {
        String run = scenario.flag + "-" + (++runs);
        String input = run + "-features";
        kafka.createTopic(input, settings.partitions());
        ServingConfig config = config(run, input, delivery);
        try (RunningApp app = RunningApp.start(scenario, config)) {
            PacedLatency paced = new PacedLatency(
                    kafka.bootstrapServers(),
                    input,
                    config.outputTopic(),
                    settings.keys(),
                    settings.dimension(),
                    settings.lingerMs());
            paced.awaitFirstOutput();
            LatencyResult r = paced.measure(
                    settings.rate(),
                    settings.latencyWarmup(),
                    settings.latencyDuration(),
                    Map.of("this JVM (broker, application, load tools)", ProcessMeter::cpuNanos));
            app.requireRunning();
            return r;
        } finally {
            deleteTopics(input, config.outputTopic(), config.dlqTopic());
        }
    }

    /**
     * The configuration of one run: its own application id (so it reads its input from the start), output and
     * dead-letter topics and state directory; a free port for the query API; the benchmark's Kafka Streams settings.
     */
    private ServingConfig config(String run, String input, String delivery) {
        String output = run + "-normalized";
        String dlq = run + "-dlq";
        kafka.createTopic(output, settings.partitions());
        kafka.createTopic(dlq, 1);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap-servers", kafka.bootstrapServers());
        flags.put("application-id", "bench-" + run);
        flags.put("stats-topic", STATS);
        flags.put("input-topic", input);
        flags.put("output-topic", output);
        flags.put("dlq-topic", dlq);
        flags.put("http-port", "0");
        flags.put("state-dir", stateRoot.resolve(run).toString());
        flags.put("delivery", delivery);
        return ServingOptions.parse(flags, settings.streamsProperties());
    }

    /** A dead-lettered record would be one the serving run did not normalize, which would flatter its rate. */
    private static void requireNoDeadLetters(OutputWatch deadLetters, ServingConfig config) {
        long n = deadLetters.count();
        if (n > 0) {
            throw new IllegalStateException(
                    config.applicationId() + " wrote " + n + " dead letters to " + config.dlqTopic());
        }
    }

    private void deleteTopics(String... topics) throws Exception {
        kafka.admin().deleteTopics(List.of(topics)).all().get(60, TimeUnit.SECONDS);
    }
}
