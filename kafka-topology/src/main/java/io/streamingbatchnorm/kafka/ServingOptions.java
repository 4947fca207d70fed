package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The flags of the serving application: name, default and meaning of each, and parsing into a
 * {@link ServingConfig}. This list is the source of the flag table in {@code docs/serving.md}.
 */
public final class ServingOptions {

    /** One flag: its name without dashes, its default as written on the command line, and its meaning. */
    public record Option(String name, String defaultValue, String description) {}

    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String APPLICATION_ID = "application-id";
    public static final String STATS_TOPIC = "stats-topic";
    public static final String INPUT_TOPIC = "input-topic";
    public static final String OUTPUT_TOPIC = "output-topic";
    public static final String DLQ_TOPIC = "dlq-topic";
    public static final String HTTP_HOST = "http-host";
    public static final String HTTP_PORT = "http-port";
    public static final String STATE_DIR = "state-dir";
    public static final String DELIVERY = "delivery";
    public static final String MISSING = "missing";
    public static final String MAX_DIMENSION = "max-dimension";
    public static final String KAFKA_PROPERTIES = "kafka-properties";

    public static final List<Option> ALL = List.of(
            new Option(
                    BOOTSTRAP_SERVERS,
                    "",
                    "Kafka brokers, host:port[,host:port...]; may instead be bootstrap.servers in --kafka-properties."),
            new Option(
                    APPLICATION_ID,
                    "streaming-batchnorm-serving",
                    "Kafka Streams application.id: the consumer group and transactional id prefix; instances with the same id share the serving input."),
            new Option(
                    STATS_TOPIC,
                    "feature-stats",
                    "Compacted topic of StatsSnapshot records, keyed by normalization key, published by the Flink job."),
            new Option(INPUT_TOPIC, "features-serving", "Topic of FeatureRecord records to normalize."),
            new Option(
                    OUTPUT_TOPIC,
                    "features-serving-normalized",
                    "Topic the NormalizedRecord records are written to, keyed by normalization key."),
            new Option(
                    DLQ_TOPIC,
                    "features-serving-dlq",
                    "Topic of DeadLetter records for inputs that cannot be normalized."),
            new Option(HTTP_HOST, "0.0.0.0", "Address the query API listens on."),
            new Option(HTTP_PORT, "8080", "Port of the query API; 0 picks a free port."),
            new Option(
                    STATE_DIR,
                    "",
                    "Kafka Streams state directory; empty means Kafka's default (java.io.tmpdir/kafka-streams)."),
            new Option(
                    DELIVERY,
                    "exactly-once",
                    "exactly-once (Kafka Streams exactly_once_v2) or at-least-once (lower latency, may repeat outputs after a failure)."),
            new Option(MISSING, "nan", NormalizerOptions.option("missing").description()),
            new Option(
                    MAX_DIMENSION,
                    "4096",
                    NormalizerOptions.option("max-dimension").description()),
            new Option(
                    KAFKA_PROPERTIES,
                    "",
                    "Java properties file of Kafka client settings (security settings included) passed through to every client; values are never logged."));

    private ServingOptions() {}

    /** {@link #parse(Map, Map)} without extra pass-through properties. */
    public static ServingConfig parse(Map<String, String> flags) {
        return parse(flags, Map.of());
    }

    /**
     * Builds a configuration from flag values; absent flags keep their defaults. Kafka client settings come
     * from the {@code kafka-properties} file and from {@code kafkaProperties}, which wins on a shared key.
     *
     * @throws ConfigException for an unknown flag or a bad value, naming the flag
     */
    public static ServingConfig parse(Map<String, String> flags, Map<String, String> kafkaProperties) {
        for (String name : flags.keySet()) {
            option(name);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : ALL) {
            values.put(o.name(), flags.getOrDefault(o.name(), o.defaultValue()).trim());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (!values.get(KAFKA_PROPERTIES).isEmpty()) {
            properties.putAll(readProperties(Path.of(values.get(KAFKA_PROPERTIES))));
        }
        properties.putAll(kafkaProperties);
        NormalizerConfig normalizer = NormalizerOptions.parse(Map.of(
                "missing", values.get(MISSING),
                "max-dimension", values.get(MAX_DIMENSION)));
        String stateDir = values.get(STATE_DIR);
        return new ServingConfig(
                values.get(BOOTSTRAP_SERVERS).isEmpty() ? null : values.get(BOOTSTRAP_SERVERS),
                values.get(APPLICATION_ID),
                values.get(STATS_TOPIC),
                values.get(INPUT_TOPIC),
                values.get(OUTPUT_TOPIC),
                values.get(DLQ_TOPIC),
                values.get(HTTP_HOST),
                parsePort(values.get(HTTP_PORT)),
                stateDir.isEmpty() ? null : Path.of(stateDir),
                parseDelivery(values.get(DELIVERY)),
                normalizer,
                properties);
    }

    /** The flag called {@code name}; an unknown name is refused with the list of known ones. */
    public static Option option(String name) {
        for (Option o : ALL) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new ConfigException(
                name, "unknown option; known: " + ALL.stream().map(Option::name).collect(Collectors.joining(", ")));
    }

    private static int parsePort(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(HTTP_PORT, "'" + v + "' is not a port number");
        }
    }

    private static Delivery parseDelivery(String v) {
        String wanted = v.replace('-', '_').toUpperCase(Locale.ROOT);
        for (Delivery d : Delivery.values()) {
            if (d.name().equals(wanted)) {
                return d;
            }
        }
        throw new ConfigException(
                DELIVERY,
                "'" + v + "' is not one of "
                        + Arrays.stream(Delivery.values())
                                .map(NormalizerOptions::flagForm)
                                .collect(Collectors.joining(", ")));
    }

    /** Reads a properties file; the error names the file but never echoes its contents. */
    static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(
                    KAFKA_PROPERTIES,
                    "cannot read the properties file " + file + ": "
                            + e.getClass().getSimpleName());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }
}
