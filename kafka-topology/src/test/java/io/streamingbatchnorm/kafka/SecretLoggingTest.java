package io.streamingbatchnorm.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.testing.LogCapture;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets passed through to the Kafka clients appear in no log line, even at DEBUG, and no error message. */
class SecretLoggingTest {
    private static final String SECRET = "TOPSECRET-4711";

    @TempDir
    Path stateDir;

    private static Map<String, String> secureClientProperties() {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required" + " username=\"serving\" password=\""
                        + SECRET + "\";",
                "ssl.key.password",
                SECRET,
                "custom.token",
                SECRET);
    }

    @Test
    void creatingTheApplicationLogsNoSecret() {
        ServingConfig config = ServingOptions.parse(
                Map.of("bootstrap-servers", "127.0.0.1:1", "state-dir", stateDir.toString(), "http-port", "0"),
                secureClientProperties());

        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            ServingInstance.create(config).close();

            // The application's own start line names the pass-through properties...
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("sasl.jaas.config", "custom.token"));
            // ...and Kafka's client configuration dumps were captured too, with the secret hidden.
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("sasl.jaas.config = [hidden]"));
            assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(SECRET));
        }
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void refusedSettingsAreNamedWithoutTheirValues() {
        Map<String, String> properties = Map.of("application.id", SECRET);

        assertThatThrownBy(() -> ServingOptions.parse(Map.of("bootstrap-servers", "b:1"), properties))
                .hasMessageContaining("application.id")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }
}
