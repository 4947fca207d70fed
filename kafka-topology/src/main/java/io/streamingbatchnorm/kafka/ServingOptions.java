package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.core.config.KafkaOptions;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.core.config.PropertiesFile;
import io.streamingbatchnorm.kafka.http.QueryApi;
import io.streamingbatchnorm.schemas.VersionPin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The settings of the serving application: key, default, accepted values and meaning of each. This list is the
 * source of the flags of {@code normalize serve} and of the flag table in {@code docs/serving.md}.
 */
public final class ServingOptions {
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = KafkaOptions.BOOTSTRAP_SERVERS.withDescription(
            "Kafka brokers, host:port[,host:port...]; may instead be bootstrap.servers in --kafka-properties.");

    public static final ConfigOption<String> APPLICATION_ID = ConfigOption.text(
                    "application-id", "streaming-batchnorm-serving")
            .withDescription("Kafka Streams application.id: the consumer group and transactional id prefix;"
                    + " instances with the same id share the serving input.");

    public static final ConfigOption<String> STATS_TOPIC = KafkaOptions.STATS_TOPIC.withDescription(
            "Compacted topic of StatsSnapshot records, keyed by normalization key, published by the Flink job.");

    public static final ConfigOption<String> INPUT_TOPIC = ConfigOption.text("input-topic", "features-serving")
            .withDescription("Topic of FeatureRecord records to normalize.");

    public static final ConfigOption<String> OUTPUT_TOPIC = ConfigOption.text(
                    "output-topic", "features-serving-normalized")
            .withDescription("Topic the NormalizedRecord records are written to, keyed by normalization key.");

    public static final ConfigOption<String> DLQ_TOPIC = ConfigOption.text("dlq-topic", "features-serving-dlq")
            .withDescription("Topic of DeadLetter records for inputs that cannot be normalized.");

    public static final ConfigOption<String> HTTP_BIND = ConfigOption.text("http-bind", "127.0.0.1")
            .withDescription("Address the query API listens on; the default keeps it on this machine (0.0.0.0"
                    + " listens on every interface: put a proxy or --http-token-file in front).");

    public static final ConfigOption<Integer> HTTP_PORT = ConfigOption.integer("http-port", 8080)
            .withCheck(ConfigOption.between(0, 65535))
            .withDescription("Port of the query API; 0 picks a free port.");

    public static final ConfigOption<String> HTTP_TOKEN_FILE = ConfigOption.text("http-token-file", null)
            .withDescription("A file holding a bearer token: every request but GET /health must then send"
                    + " 'Authorization: Bearer TOKEN'.");

    public static final ConfigOption<String> HTTP_TLS_KEYSTORE = ConfigOption.text("http-tls-keystore", null)
            .withDescription("A PKCS12 or JKS keystore with the server's key and certificate: the query API then"
                    + " speaks HTTPS.");

    public static final ConfigOption<String> HTTP_TLS_PASSWORD_FILE = ConfigOption.text("http-tls-password-file", null)
            .withDescription("A file holding the password of --http-tls-keystore.");

    public static final ConfigOption<String> STATE_DIR = ConfigOption.text("state-dir", null)
            .withDescription(
                    "Kafka Streams state directory; empty means Kafka's default" + " (java.io.tmpdir/kafka-streams).");

    public static final ConfigOption<Delivery> DELIVERY = ConfigOption.choice(
                    "delivery", Delivery.class, Delivery.EXACTLY_ONCE)
            .withDescription("exactly-once (Kafka Streams exactly_once_v2) or at-least-once (lower latency, may"
                    + " repeat outputs after a failure).");

    /** More would only slow down every lookup: a history is read whole from the store. */
    public static final int LARGEST_HISTORY = 1024;

    public static final ConfigOption<Integer> HISTORY = ConfigOption.integer("history", 16)
            .withCheck(ConfigOption.between(1, LARGEST_HISTORY))
            .withDescription("Snapshots kept per key (the newest statistics versions), so that a serving record can"
                    + " pin the version its model was trained with (header '" + VersionPin.HEADER + "').");

    public static final ConfigOption<String> KAFKA_PROPERTIES = KafkaOptions.KAFKA_PROPERTIES.withDescription(
            "Java properties file of Kafka client settings (security settings included) passed through to every"
                    + " client; values are never logged.");

    /** Every serving option, in the order of the documentation. */
    public static final List<ConfigOption<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            APPLICATION_ID,
            STATS_TOPIC,
            INPUT_TOPIC,
            OUTPUT_TOPIC,
            DLQ_TOPIC,
            HTTP_BIND,
            HTTP_PORT,
            HTTP_TOKEN_FILE,
            HTTP_TLS_KEYSTORE,
            HTTP_TLS_PASSWORD_FILE,
            STATE_DIR,
            DELIVERY,
            NormalizerOptions.MISSING,
            NormalizerOptions.MAX_DIMENSION,
            NormalizerOptions.MAX_ABS_VALUE,
            HISTORY,
            KAFKA_PROPERTIES);

    private ServingOptions() {}

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    /** {@link #parse(Map, Map)} without extra pass-through properties. */
    public static ServingConfig parse(Map<String, String> flags) {
        return parse(flags, Map.of());
    }

    /**
     * Builds a configuration from option text; absent options keep their defaults. Kafka client settings come
     * from the {@code kafka-properties} file and from {@code kafkaProperties}, which wins on a shared key.
     *
     * @throws ConfigException for an unknown option or a bad value, naming the option
     */
    public static ServingConfig parse(Map<String, String> flags, Map<String, String> kafkaProperties) {
        OptionValues v = OptionValues.parse(ALL, flags);
        Map<String, String> properties = new LinkedHashMap<>();
        Properties file = PropertiesFile.read(v.get(KAFKA_PROPERTIES), KAFKA_PROPERTIES);
        for (String name : file.stringPropertyNames()) {
            properties.put(name, file.getProperty(name));
        }
        properties.putAll(kafkaProperties);
        NormalizerConfig normalizer = NormalizerConfig.builder()
                .missing(v.get(NormalizerOptions.MISSING))
                .maxDimension(v.get(NormalizerOptions.MAX_DIMENSION))
                .maxAbsValue(v.get(NormalizerOptions.MAX_ABS_VALUE))
                .build();
        String stateDir = v.get(STATE_DIR);
        return new ServingConfig(
                v.get(BOOTSTRAP_SERVERS),
                v.get(APPLICATION_ID),
                v.get(STATS_TOPIC),
                v.get(INPUT_TOPIC),
                v.get(OUTPUT_TOPIC),
                v.get(DLQ_TOPIC),
                new QueryApi(
                        v.get(HTTP_BIND),
                        v.get(HTTP_PORT),
                        path(v.get(HTTP_TOKEN_FILE)),
                        path(v.get(HTTP_TLS_KEYSTORE)),
                        path(v.get(HTTP_TLS_PASSWORD_FILE))),
                path(stateDir),
                v.get(DELIVERY),
                normalizer,
                v.get(HISTORY),
                properties);
    }
}
