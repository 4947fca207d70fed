package io.streamingbatchnorm.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.core.MissingPolicy;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.kafka.http.QueryApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags into a {@link ServingConfig}: defaults, validation naming the flag, and pass-through properties. */
class ServingOptionsTest {
    private static final Map<String, String> BROKERS = Map.of(ServingOptions.BOOTSTRAP_SERVERS.key(), "broker:9092");

    @TempDir
    Path dir;

    @Test
    void defaults() {
        ServingConfig c = ServingOptions.parse(BROKERS);

        assertThat(c.applicationId()).isEqualTo("streaming-batchnorm-serving");
        assertThat(c.statsTopic()).isEqualTo("feature-stats");
        assertThat(c.inputTopic()).isEqualTo("features-serving");
        assertThat(c.outputTopic()).isEqualTo("features-serving-normalized");
        assertThat(c.dlqTopic()).isEqualTo("features-serving-dlq");
        assertThat(c.http()).isEqualTo(QueryApi.plain("127.0.0.1", 8080));
        assertThat(c.stateDir()).isNull();
        assertThat(c.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(c.normalizer().missing()).isEqualTo(MissingPolicy.NAN);
        assertThat(c.normalizer().maxDimension()).isEqualTo(4096);
        assertThat(c.kafkaProperties()).isEmpty();
    }

    @Test
    void everyFlagIsRead() {
        Map<String, String> flags = new HashMap<>(BROKERS);
        flags.put("application-id", "serving-b");
        flags.put("stats-topic", "s");
        flags.put("input-topic", "i");
        flags.put("output-topic", "o");
        flags.put("dlq-topic", "d");
        flags.put("http-bind", "127.0.0.1");
        flags.put("http-port", "0");
        flags.put("state-dir", dir.toString());
        flags.put("delivery", "at-least-once");
        flags.put("missing", "impute");
        flags.put("max-dimension", "16");
        flags.put("history", "4");

        ServingConfig c = ServingOptions.parse(flags);

        assertThat(c)
                .isEqualTo(new ServingConfig(
                        "broker:9092",
                        "serving-b",
                        "s",
                        "i",
                        "o",
                        "d",
                        QueryApi.plain("127.0.0.1", 0),
                        dir,
                        Delivery.AT_LEAST_ONCE,
                        c.normalizer(),
                        4,
                        Map.of()));
        assertThat(c.normalizer().missing()).isEqualTo(MissingPolicy.IMPUTE);
        assertThat(c.normalizer().maxDimension()).isEqualTo(16);
    }

    @Test
    void badValuesAreRefusedNamingTheFlag() {
        assertRefused(Map.of(), "bootstrap-servers", "is required");
        assertRefused(Map.of("http-port", "80a"), "http-port", "not a whole number");
        assertRefused(Map.of("http-port", "70000"), "http-port", "[0, 65535]");
        assertRefused(Map.of("delivery", "twice"), "delivery", "exactly-once, at-least-once");
        assertRefused(Map.of("missing", "zero"), "missing", "nan, impute");
        assertRefused(Map.of("max-dimension", "0"), "max-dimension", "must be in");
        assertRefused(Map.of("history", "0"), "history", "must be in [1, 1024]");
        assertRefused(Map.of("history", "1025"), "history", "must be in [1, 1024]");
        assertRefused(Map.of("output-topic", "bad topic"), "output-topic", "not a valid Kafka name");
        assertRefused(Map.of("dlq-topic", "features-serving"), "dlq-topic", "also --input-topic");
        assertRefused(Map.of("http-bind", " "), "http-bind", "host name");
        assertRefused(Map.of("http-tls-keystore", "k.p12"), "http-tls-password-file", "is required");
        assertRefused(Map.of("batch-size", "3"), "batch-size", "unknown option; known: bootstrap-servers");
    }

    private static void assertRefused(Map<String, String> flags, String flag, String message) {
        Map<String, String> all = new HashMap<>(flags);
        if (!flag.equals("bootstrap-servers")) {
            all.putAll(BROKERS);
        }
        assertThatThrownBy(() -> ServingOptions.parse(all))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.option()).isEqualTo(flag))
                .hasMessageStartingWith("--" + flag + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void kafkaPropertiesComeFromTheFileAndTheMapWhichWins() throws IOException {
        Path file = dir.resolve("client.properties");
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "secure:9093");
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("commit.interval.ms", "50");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }

        ServingConfig c =
                ServingOptions.parse(Map.of("kafka-properties", file.toString()), Map.of("commit.interval.ms", "20"));

        assertThat(c.effectiveBootstrapServers()).isEqualTo("secure:9093");
        assertThat(c.kafkaProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("commit.interval.ms", "20");
        Properties streams = StreamsProperties.build(c);
        assertThat(streams)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "secure:9093")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void settingsWithAFlagCannotBePassedThrough() {
        assertThatThrownBy(() -> ServingOptions.parse(BROKERS, Map.of("application.id", "x")))
                .hasMessageContaining("--kafka-properties: sets application.id")
                .hasMessageContaining("--application-id");
        assertThatThrownBy(() -> ServingOptions.parse(BROKERS, Map.of("processing.guarantee", "at_least_once")))
                .hasMessageContaining("use --delivery");
        assertThatThrownBy(() -> ServingOptions.parse(BROKERS, Map.of("bootstrap.servers", "other:1")))
                .hasMessageContaining("--bootstrap-servers: differs from bootstrap.servers");
    }

    @Test
    void anUnreadablePropertiesFileIsNamedButNotEchoed() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ServingOptions.parse(Map.of("kafka-properties", missing.toString())))
                .hasMessageStartingWith("--kafka-properties: cannot read the properties file " + missing);
    }

    @Test
    void toStringNamesPassThroughPropertiesWithoutTheirValues() {
        ServingConfig c = ServingOptions.parse(BROKERS, Map.of("ssl.key.password", "hunter2"));

        assertThat(c.toString()).contains("ssl.key.password").doesNotContain("hunter2");
    }

    @Test
    void theDeliveryChoosesTheProcessingGuarantee() {
        ServingConfig atLeastOnce =
                ServingOptions.parse(Map.of("bootstrap-servers", "b:1", "delivery", "at-least-once"));

        assertThat(StreamsProperties.build(atLeastOnce))
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    }

    @Test
    void theProducerLingersFiveMillisecondsUnlessTheUserSetsALinger() {
        assertThat(StreamsProperties.build(ServingOptions.parse(BROKERS)))
                .containsEntry("producer.linger.ms", "5")
                .doesNotContainKey("linger.ms");
        assertThat(StreamsProperties.build(ServingOptions.parse(BROKERS, Map.of("linger.ms", "50"))))
                .containsEntry("linger.ms", "50")
                .doesNotContainKey("producer.linger.ms");
        assertThat(StreamsProperties.build(ServingOptions.parse(BROKERS, Map.of("producer.linger.ms", "0"))))
                .containsEntry("producer.linger.ms", "0");
    }
}
