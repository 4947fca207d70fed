package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * One run of the demo: an in-process Kafka broker; the control commands, then the stream, sent to it at a
 * steady rate while the normalization job runs on a local Flink MiniCluster; live progress; and, once the
 * job has read everything and was stopped with a drain (which closes the last open micro-batches), a
 * summary and a chart of what came out.
 */
public final class DemoRun {
    /** How long the job may take to read what was sent, and the outputs to become visible. */
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    /**
     * Warnings that are expected in every demo run, so not shown while it runs: the job's first offset
     * commits race the start of the new broker's group coordinator (they are retried and succeed), and
     * tasks that finish (the control input once read, every task at the drain) decline the checkpoints
     * triggered meanwhile.
     */
    private static final List<String> EXPECTED_WARNINGS = List.of(
            "org.apache.flink.connector.kafka.source.reader.KafkaSourceReader",
            "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
            "org.apache.flink.runtime.checkpoint.CheckpointFailureManager");

    /**
     * What to run and where the results go.
     *
     * @param rate messages per second to send, 0 for as fast as possible
     * @param summaryJson where the summary goes as JSON, or {@code null}
     * @param outputDir where the inputs and outputs go as JSON lines, or {@code null}
     */
    public record Settings(
            DemoStream stream,
            NormalizerConfig config,
            Delivery delivery,
            double rate,
            Path chart,
            Path summaryJson,
            Path outputDir) {}

    /** How many messages were sent, and how many came out normalized or as dead letters. */
    public record Outcome(long expected, long normalized, long deadLetters) {
        public boolean complete() {
            return normalized + deadLetters == expected;
        }
    }

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long started = System.nanoTime();

    public DemoRun(Settings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    public Outcome run() throws Exception {
        DemoStream stream = settings.stream();
        Map<String, Level> quieted = new LinkedHashMap<>();
        note("%s", stream.title());
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                OnExit onExit = OnExit.install(kafka);
                DemoSender sender = new DemoSender(kafka.bootstrapServers())) {
            DemoTopics topics = DemoTopics.create(kafka);
            note(
                    "Kafka broker (KRaft) started in this process at %s; topics %s, %s, %s (compacted), %s, %s (1 partition)",
                    kafka.bootstrapServers(),
                    DemoTopics.FEATURES,
                    DemoTopics.OUTPUT,
                    DemoTopics.STATS,
                    DemoTopics.DLQ,
                    DemoTopics.CONTROL);
            // Before the job starts, so that the job reads them up front and they apply from the first record.
            sender.sendCommands(stream.commands());
            note(
                    "sent %d EVAL command%s to '%s': %s from %s on",
                    stream.commands().size(),
                    stream.commands().size() == 1 ? "" : "s",
                    DemoTopics.CONTROL,
                    String.join(", ", new TreeSet<>(stream.switchedKeys())),
                    Instant.ofEpochMilli(stream.switchTime()));
            DemoTally tally = new DemoTally(stream);
            try (OutputFiles files = OutputFiles.in(settings.outputDir(), stream);
                    OutputTracker tracker = new OutputTracker(topics, tally, files)) {
                tracker.start();
                EXPECTED_WARNINGS.forEach(logger ->
                        quieted.put(logger, LogManager.getLogger(logger).getLevel()));
                EXPECTED_WARNINGS.forEach(logger -> Configurator.setLevel(logger, Level.ERROR));
                JobClient client = startJob(kafka.bootstrapServers());
                onExit.cancels(client);
                try (ProgressTicker ticker = new ProgressTicker(
                        err, tally, sender::acknowledged, stream.payloads().size(), started)) {
                    ticker.start();
                    Map<Integer, Long> sent = sender.sendPayloads(stream.payloads(), settings.rate());
                    note(
                            "sent %,d messages to '%s' (%d bad on purpose%s); waiting for the job to read them",
                            stream.payloads().size(),
                            DemoTopics.FEATURES,
                            stream.badCount(),
                            stream.badCount() == 0 ? "" : ": " + stream.defects());
                    DemoStop.afterReading(
                            client,
                            topics,
                            sent,
                            CATCH_UP,
                            () -> note(
                                    "the job has read everything; stopping it with a drain, which closes the open batches"));
                    if (!tracker.awaitOffsets(topics.settledOutputEnd(CATCH_UP), CATCH_UP)) {
                        note(
                                "the outputs did not all become visible within %d s; the summary covers what did",
                                CATCH_UP.toSeconds());
                    }
                }
            }
            return finish(tally);
        } finally {
            quieted.forEach(Configurator::setLevel);
        }
    }

    private JobClient startJob(String bootstrapServers) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("bootstrap-servers", bootstrapServers);
        flags.put("group-id", DemoTopics.GROUP);
        flags.put("starting-offsets", "earliest");
        flags.put("delivery", ConfigOption.flagForm(settings.delivery()));
        // Frequent checkpoints: exactly-once output becomes visible at each one, so the progress moves.
        flags.put("checkpoint-interval", "1s");
        flags.put("transaction-timeout", "2m");
        JobConfig job = JobOptions.parse(flags);
        // A demo shows a failure at once instead of restarting behind its progress line.
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // So that the demo sees at once when the job has read everything (DemoStop).
        SourceOffsets.configure(flink);
        JobClient client = KafkaJob.start(job, settings.config(), flink);
        note(
                "job %s started on a local Flink MiniCluster: %s%s, %s",
                client.getJobID(),
                ConfigOption.flagForm(job.delivery()),
                job.delivery() == Delivery.EXACTLY_ONCE
                        ? " (outputs become visible at each checkpoint, every "
                                + Durations.format(job.checkpointInterval()) + ")"
                        : "",
                describe(settings.config()));
        return client;
    }

    private Outcome finish(DemoTally tally) throws Exception {
        DemoStream stream = settings.stream();
        note(
                "%,d records normalized (%,d train, %,d eval), %,d dead letters %s",
                tally.normalized(),
                tally.outputs(Mode.TRAIN),
                tally.outputs(Mode.EVAL),
                tally.deadLetters(),
                tally.deadLetterReasons());
        DemoSummary summary = new DemoSummary(stream, tally);
        out.println();
        summary.table().forEach(out::println);
        out.println();
        DemoSummary.explanation().forEach(out::println);
        out.println();
        summary.drift().forEach(out::println);
        out.flush();
        DemoChart.write(settings.chart(), stream, tally, settings.config());
        note("chart: %s (%dx%d PNG)", settings.chart().toAbsolutePath(), DemoChart.WIDTH, DemoChart.HEIGHT);
        if (settings.summaryJson() != null) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("delivery", ConfigOption.flagForm(settings.delivery()));
            run.put("chart", settings.chart().toAbsolutePath().toString());
            run.put("chart_width", DemoChart.WIDTH);
            run.put("chart_height", DemoChart.HEIGHT);
            run.put("elapsed_seconds", seconds());
            Files.writeString(settings.summaryJson(), summary.json(run).toPrettyString() + System.lineSeparator());
            note("summary as JSON: %s", settings.summaryJson().toAbsolutePath());
        }
        if (settings.outputDir() != null) {
            note("inputs and outputs as JSON lines: %s", settings.outputDir().toAbsolutePath());
        }
        Outcome outcome = new Outcome(stream.payloads().size(), tally.normalized(), tally.deadLetters());
        note("done in %.1f s", seconds());
        return outcome;
    }

    private static String describe(NormalizerConfig c) {
        return (c.window() != null
                        ? "event-time micro-batches of " + Durations.format(c.window())
                        : "micro-batches of " + c.batchSize() + " records")
                + ", " + RunningLabel.of(c) + ", epsilon " + c.epsilon();
    }

    private void note(String format, Object... args) {
        synchronized (err) {
            err.println(String.format(Locale.ROOT, "[%5.1f s] ", seconds()) + String.format(Locale.ROOT, format, args));
            err.flush();
        }
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
