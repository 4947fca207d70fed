package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.kafka.http.QueryApi;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The settings of the serving application, validated once when built; {@link ServingOptions#parse} fills
 * it from flags. A refused value throws a {@link ConfigException} naming its flag.
 *
 * <p>{@code kafkaProperties} are Kafka client settings passed through unchanged (security settings
 * included). They may hold secrets, so {@link #toString()} shows their names only.
 *
 * @param bootstrapServers the brokers, or {@code null} when {@code kafkaProperties} carries {@code bootstrap.servers}
 * @param http where and how the query API listens
 * @param stateDir Kafka Streams' state directory, or {@code null} for Kafka's default
 * @param normalizer the normalization settings; serving uses its missing-value policy and maximum dimension
 * @param history the snapshots kept per key in the statistics store, so that records can pin a version
 */
public record ServingConfig(
        String bootstrapServers,
        String applicationId,
        String statsTopic,
        String inputTopic,
        String outputTopic,
        String dlqTopic,
        QueryApi http,
        Path stateDir,
        Delivery delivery,
        NormalizerConfig normalizer,
        int history,
        Map<String, String> kafkaProperties) {

    /** Legal characters of topic names and of the application id, which prefixes Kafka resources. */
    private static final Pattern KAFKA_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /**
     * Client settings that have a flag of their own or that the application must control; setting them
     * as pass-through properties is refused, so two sources can never disagree silently.
     */
    static final Map<String, String> OWNED_PROPERTIES = Map.of(
            "application.id", "use --application-id",
            "processing.guarantee", "use --delivery",
            "state.dir", "use --state-dir",
            "deserialization.exception.handler", "the application routes bad input to --dlq-topic itself",
            "default.deserialization.exception.handler", "the application routes bad input to --dlq-topic itself",
            "processing.exception.handler", "the application routes failed records to --dlq-topic itself",
            "production.exception.handler", "the application routes unwritable records to --dlq-topic itself",
            "default.production.exception.handler", "the application routes unwritable records to --dlq-topic itself",
            "errors.dead.letter.queue.topic.name", "use --dlq-topic");

    public ServingConfig {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(normalizer, "normalizer");
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
        bootstrapServers = checkBootstrap(bootstrapServers, kafkaProperties);
        checkKafkaName("application-id", applicationId);
        checkKafkaName("stats-topic", statsTopic);
        checkKafkaName("input-topic", inputTopic);
        checkKafkaName("output-topic", outputTopic);
        checkKafkaName("dlq-topic", dlqTopic);
        checkDistinctTopics(statsTopic, inputTopic, outputTopic, dlqTopic);
        Objects.requireNonNull(http, "http");
        ServingOptions.HISTORY.check(history);
        for (String key : kafkaProperties.keySet()) {
            String instead = OWNED_PROPERTIES.get(key);
            if (instead != null) {
                throw new ConfigException(
                        "kafka-properties", "sets " + key + ", which the application controls: " + instead);
            }
        }
    }

    private static String checkBootstrap(String flag, Map<String, String> properties) {
        String property = properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (flag == null || flag.isBlank()) {
            if (property == null || property.isBlank()) {
                throw new ConfigException(
                        "bootstrap-servers",
                        "is required: give the Kafka brokers as host:port[,host:port...],"
                                + " or set bootstrap.servers in --kafka-properties");
            }
            return null;
        }
        if (property != null && !property.equals(flag)) {
            throw new ConfigException(
                    "bootstrap-servers",
                    "differs from bootstrap.servers in --kafka-properties;" + " set the brokers in one place only");
        }
        return flag.trim();
    }

    private static void checkKafkaName(String option, String value) {
        if (value == null || !KAFKA_NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new ConfigException(
                    option,
                    "'" + value + "' is not a valid Kafka name: use 1 to 249 characters"
                            + " among letters, digits, '.', '_' and '-'");
        }
    }

    private static void checkDistinctTopics(String stats, String input, String output, String dlq) {
        Map<String, String> seen = new LinkedHashMap<>();
        String[][] topics = {
            {"stats-topic", stats}, {"input-topic", input}, {"output-topic", output}, {"dlq-topic", dlq}
        };
        for (String[] topic : topics) {
            String earlier = seen.putIfAbsent(topic[1], topic[0]);
            if (earlier != null) {
                throw new ConfigException(
                        topic[0],
                        "'" + topic[1] + "' is also --" + earlier
                                + "; every topic of the application must be a different one");
            }
        }
    }

    /** The brokers, from the flag or the pass-through properties. */
    public String effectiveBootstrapServers() {
        return bootstrapServers != null
                ? bootstrapServers
                : kafkaProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The same settings with another query API port; tests and embedders use it to pick a free port. */
    public ServingConfig withHttpPort(int port) {
        return new ServingConfig(
                bootstrapServers,
                applicationId,
                statsTopic,
                inputTopic,
                outputTopic,
                dlqTopic,
                http.withPort(port),
                stateDir,
                delivery,
                normalizer,
                history,
                kafkaProperties);
    }

    /** The same settings with another state directory. */
    public ServingConfig withStateDir(Path dir) {
        return new ServingConfig(
                bootstrapServers,
                applicationId,
                statsTopic,
                inputTopic,
                outputTopic,
                dlqTopic,
                http,
                dir,
                delivery,
                normalizer,
                history,
                kafkaProperties);
    }

    /** Shows pass-through Kafka properties by name only: their values may be secrets. */
    @Override
    public String toString() {
        return "ServingConfig{bootstrapServers=" + effectiveBootstrapServers()
                + ", applicationId=" + applicationId
                + ", statsTopic=" + statsTopic
                + ", inputTopic=" + inputTopic
                + ", outputTopic=" + outputTopic
                + ", dlqTopic=" + dlqTopic
                + ", http=" + http
                + ", stateDir=" + stateDir
                + ", delivery=" + delivery
                + ", missing=" + normalizer.missing()
                + ", maxDimension=" + normalizer.maxDimension()
                + ", history=" + history
                + ", kafkaProperties=" + propertyNames() + "}";
    }

    /** The names of the pass-through Kafka properties, sorted; safe to log. */
    public Set<String> propertyNames() {
        return new TreeSet<>(kafkaProperties.keySet());
    }
}
