package io.streamingbatchnorm.core.config;

/**
 * The Kafka settings that the job, the serving application and the command line share: where the brokers are,
 * the client settings file, and the job's topics.
 */
public final class KafkaOptions {
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOption.text("bootstrap-servers", null)
            .withDescription("Kafka brokers, host:port[,host:port...]. Required.");

    public static final ConfigOption<String> KAFKA_PROPERTIES = ConfigOption.text("kafka-properties", null)
            .withDescription("A properties file of Kafka client settings (security included) passed to every client; "
                    + "values are never logged.");

    public static final ConfigOption<String> FEATURES_TOPIC =
            topic("features-topic", "features", "Input topic of FeatureRecord (Avro single-object encoding).");

    public static final ConfigOption<String> OUTPUT_TOPIC =
            topic("output-topic", "features-normalized", "Output topic of NormalizedRecord.");

    public static final ConfigOption<String> STATS_TOPIC = topic(
            "stats-topic", "feature-stats", "Compacted output topic of StatsSnapshot, keyed by normalization key.");

    public static final ConfigOption<String> DLQ_TOPIC =
            topic("dlq-topic", "features-dlq", "Dead-letter topic of DeadLetter records.");

    public static final ConfigOption<String> CONTROL_TOPIC = topic(
            "control-topic",
            "control",
            "Control topic of ControlCommand; must have one partition so commands keep their order.");

    public static final ConfigOption<String> DRIFT_TOPIC = topic(
            "drift-topic",
            "feature-drift",
            "Topic of DriftEvent records (batches and eval windows that moved away from the running statistics),"
                    + " keyed by normalization key.");

    private KafkaOptions() {}

    /** A topic name option; a blank name is refused. */
    public static ConfigOption<String> topic(String key, String defaultName, String description) {
        return ConfigOption.text(key, defaultName)
                .withCheck(ConfigOption.required("must name a topic"))
                .withDescription(description);
    }
}
