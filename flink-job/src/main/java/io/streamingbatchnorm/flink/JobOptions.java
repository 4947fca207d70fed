package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.NormalizerOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/** The job's Kafka and Flink flags: name, default and meaning of each, and parsing into a {@link JobConfig}. */
public final class JobOptions {

    /** One flag, its default as written on the command line, and its meaning. */
    public record Option(String name, String defaultValue, String description) {}

    public static final List<Option> ALL = List.of(
            new Option("bootstrap-servers", "", "Kafka brokers, host:port[,host:port...]. Required."),
            new Option("features-topic", "features", "Input topic of FeatureRecord (Avro single-object encoding)."),
            new Option("output-topic", "features-normalized", "Output topic of NormalizedRecord."),
            new Option(
                    "stats-topic",
                    "feature-stats",
                    "Compacted output topic of StatsSnapshot, keyed by normalization key."),
            new Option("dlq-topic", "features-dlq", "Dead-letter topic of DeadLetter records."),
            new Option(
                    "control-topic",
                    "control",
                    "Control topic of ControlCommand; must have one partition so commands keep their order."),
            new Option("group-id", "streaming-batchnorm", "Consumer group of the job's Kafka sources."),
            new Option(
                    "delivery",
                    "exactly-once",
                    "exactly-once (transactions, consumers read_committed) or at-least-once (lowest latency)."),
            new Option(
                    "checkpoint-interval",
                    "10s",
                    "Checkpoint interval; exactly-once output becomes visible at each checkpoint."),
            new Option(
                    "transaction-timeout",
                    "10m",
                    "Kafka producer transaction timeout; must not exceed the brokers' transaction.max.timeout.ms (15m by default)."),
            new Option("parallelism", "1", "Parallelism of the job."),
            new Option(
                    "state-backend",
                    "hashmap",
                    "hashmap (state on the heap) or rocksdb (state on local disk, for many keys)."),
            new Option(
                    "checkpoint-dir",
                    "",
                    "Durable checkpoint storage URI such as file:///var/lib/sbn/checkpoints; empty keeps checkpoints in JobManager memory."),
            new Option(
                    "idleness",
                    "30s",
                    "A Kafka partition without records for this long stops holding back the watermark."),
            new Option(
                    "buffer-timeout",
                    "100ms",
                    "Longest time a record waits in a network buffer between the job's tasks; lower it (for example 5ms) for eval-mode latency, at some cost in throughput."),
            new Option(
                    "starting-offsets",
                    "committed",
                    "Where a consumer group without committed offsets starts: earliest or latest; committed resumes and otherwise starts at earliest."),
            new Option(
                    "kafka-properties",
                    "",
                    "A properties file of Kafka client settings (security included) passed to every client; values are never logged."));

    private JobOptions() {}

    /** Builds a configuration from flag values; absent flags keep their defaults. */
    public static JobConfig parse(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (ALL.stream().noneMatch(o -> o.name().equals(name))) {
                throw new ConfigException(name, "unknown option");
            }
        }
        Function<String, String> get = name -> values.getOrDefault(
                name,
                ALL.stream()
                        .filter(o -> o.name().equals(name))
                        .findFirst()
                        .orElseThrow()
                        .defaultValue());
        return new JobConfig(
                get.apply("bootstrap-servers"),
                get.apply("features-topic"),
                get.apply("output-topic"),
                get.apply("stats-topic"),
                get.apply("dlq-topic"),
                get.apply("control-topic"),
                get.apply("group-id"),
                choice("delivery", get.apply("delivery"), JobConfig.Delivery.class),
                Durations.parse("checkpoint-interval", get.apply("checkpoint-interval")),
                Durations.parse("transaction-timeout", get.apply("transaction-timeout")),
                parseInt("parallelism", get.apply("parallelism")),
                choice("state-backend", get.apply("state-backend"), JobConfig.StateBackend.class),
                blankToNull(get.apply("checkpoint-dir")),
                Durations.parse("idleness", get.apply("idleness")),
                Durations.parse("buffer-timeout", get.apply("buffer-timeout")),
                choice("starting-offsets", get.apply("starting-offsets"), JobConfig.StartingOffsets.class),
                loadProperties(get.apply("kafka-properties")),
                false);
    }

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(NormalizerOptions.flagForm(e));
        }
        throw new ConfigException(option, "'" + value + "' is not one of " + allowed);
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(option, "'" + v + "' is not a whole number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Reads a properties file of Kafka client settings; an empty path means none. */
    public static Properties loadProperties(String path) {
        Properties p = new Properties();
        if (path == null || path.isBlank()) {
            return p;
        }
        try (Reader r = Files.newBufferedReader(Path.of(path))) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("kafka-properties", "cannot read '" + path + "': " + e.getMessage());
        }
        return p;
    }
}
