package io.streamingbatchnorm.flink;

import static io.streamingbatchnorm.core.config.ConfigOption.atLeast;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.core.config.KafkaOptions;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.core.config.PropertiesFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The job's Kafka and Flink settings: key, default, accepted values and meaning of each. With the normalization
 * options they are exactly the flags of {@code normalize run} and of the job jar's {@link JobMain}.
 */
public final class JobOptions {
    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            KafkaOptions.BOOTSTRAP_SERVERS.withCheck(ConfigOption.required("host:port of one or more Kafka brokers"));

    public static final ConfigOption<String> GROUP_ID = ConfigOption.text("group-id", "streaming-batchnorm")
            .withCheck(ConfigOption.required("the consumer group and transactional id prefix of the job"))
            .withDescription("Consumer group of the job's Kafka sources.");

    public static final ConfigOption<Delivery> DELIVERY = ConfigOption.choice(
                    "delivery", Delivery.class, Delivery.EXACTLY_ONCE)
            .withDescription(
                    "exactly-once (transactions, consumers read_committed) or at-least-once (lowest latency).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOption.duration(
                    "checkpoint-interval", Duration.ofSeconds(10))
            .withCheck(v -> v.toMillis() >= 10 ? null : "must be at least 10ms, got " + Durations.format(v))
            .withDescription("Checkpoint interval; exactly-once output becomes visible at each checkpoint.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOption.duration(
                    "transaction-timeout", Duration.ofMinutes(10))
            .withDescription("Kafka producer transaction timeout; must not exceed the brokers'"
                    + " transaction.max.timeout.ms (15m by default).");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOption.integer("parallelism", 1).withCheck(atLeast(1)).withDescription("Parallelism of the job.");

    public static final ConfigOption<JobConfig.StateBackend> STATE_BACKEND = ConfigOption.choice(
                    "state-backend", JobConfig.StateBackend.class, JobConfig.StateBackend.HASHMAP)
            .withDescription("hashmap (state on the heap) or rocksdb (state on local disk, for many keys).");

    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOption.text("checkpoint-dir", null)
            .withDescription("Durable checkpoint storage URI such as file:///var/lib/sbn/checkpoints; empty keeps"
                    + " checkpoints in JobManager memory.");

    public static final ConfigOption<Duration> IDLENESS = ConfigOption.duration("idleness", Duration.ofSeconds(30))
            .withCheck(ConfigOption.positive())
            .withDescription("A Kafka partition without records for this long stops holding back the watermark.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOption.duration(
                    "buffer-timeout", Duration.ofMillis(100))
            .withCheck(v ->
                    v.isNegative() ? "must be 0 (send every record at once) or more, got " + Durations.format(v) : null)
            .withDescription("Longest time a record waits in a network buffer between the job's tasks; lower it (for"
                    + " example 5ms) for eval-mode latency, at some cost in throughput.");

    public static final ConfigOption<JobConfig.StartingOffsets> STARTING_OFFSETS = ConfigOption.choice(
                    "starting-offsets", JobConfig.StartingOffsets.class, JobConfig.StartingOffsets.COMMITTED)
            .withDescription("Where a consumer group without committed offsets starts: earliest or latest; committed"
                    + " resumes and otherwise starts at earliest.");

    public static final ConfigOption<Duration> MAX_FUTURE = ConfigOption.duration("max-future", Duration.ofHours(1))
            .withCheck(ConfigOption.notNegative())
            .withDescription("A record whose event time is further ahead of this machine's clock goes to the"
                    + " dead-letter topic (FUTURE_EVENT_TIME) instead of moving the watermark; 0ms turns the check"
                    + " off.");

    public static final ConfigOption<Boolean> BOUNDED = ConfigOption.bool("bounded", false)
            .withDescription("Read the features and control topics up to their current end, then finish.");

    public static final ConfigOption<Boolean> DETACH = ConfigOption.bool("detach", false)
            .withDescription("Return once the job is submitted (with 'flink run -d' on a Flink cluster; a job on a"
                    + " local MiniCluster ends with the process that started it).");

    /** Every job option, in the order of the documentation. */
    public static final List<ConfigOption<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            KafkaOptions.FEATURES_TOPIC,
            KafkaOptions.OUTPUT_TOPIC,
            KafkaOptions.STATS_TOPIC,
            KafkaOptions.DLQ_TOPIC,
            KafkaOptions.CONTROL_TOPIC,
            KafkaOptions.DRIFT_TOPIC,
            GROUP_ID,
            DELIVERY,
            CHECKPOINT_INTERVAL,
            TRANSACTION_TIMEOUT,
            PARALLELISM,
            STATE_BACKEND,
            CHECKPOINT_DIR,
            IDLENESS,
            BUFFER_TIMEOUT,
            STARTING_OFFSETS,
            MAX_FUTURE,
            KafkaOptions.KAFKA_PROPERTIES,
            BOUNDED,
            DETACH);

    private JobOptions() {}

    /**
     * Builds a configuration from option text; absent options keep their defaults.
     *
     * @throws ConfigException for an unknown option or a bad value, naming the option
     */
    public static JobConfig parse(Map<String, String> text) {
        return from(OptionValues.parse(ALL, text));
    }

    /** The configuration these values describe, checked as a whole. */
    public static JobConfig from(OptionValues v) {
        return new JobConfig(
                v.get(BOOTSTRAP_SERVERS),
                v.get(KafkaOptions.FEATURES_TOPIC),
                v.get(KafkaOptions.OUTPUT_TOPIC),
                v.get(KafkaOptions.STATS_TOPIC),
                v.get(KafkaOptions.DLQ_TOPIC),
                v.get(KafkaOptions.CONTROL_TOPIC),
                v.get(KafkaOptions.DRIFT_TOPIC),
                v.get(GROUP_ID),
                v.get(DELIVERY),
                v.get(CHECKPOINT_INTERVAL),
                v.get(TRANSACTION_TIMEOUT),
                v.get(PARALLELISM),
                v.get(STATE_BACKEND),
                v.get(CHECKPOINT_DIR),
                v.get(IDLENESS),
                v.get(BUFFER_TIMEOUT),
                v.get(STARTING_OFFSETS),
                PropertiesFile.read(v.get(KafkaOptions.KAFKA_PROPERTIES), KafkaOptions.KAFKA_PROPERTIES),
                v.get(BOUNDED),
                v.get(MAX_FUTURE));
    }
}
