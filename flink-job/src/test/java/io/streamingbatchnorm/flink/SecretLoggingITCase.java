package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.testing.LogCapture;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Secrets passed through to the Kafka clients appear in no log line of a whole job run, at INFO. */
class SecretLoggingITCase {
    private static final String SECRET = "s3cr3t-Pa55w0rd-4711";

    @Test
    void passwordLikeClientPropertiesAreNeverLogged() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaTopics topics = new KafkaTopics(kafka, "secret", 1);
            topics.produce(
                    topics.features, WireRecords.features(topics.features, TestStreams.drifting(1, 2, 50, 2, 10, 0)));
            JobConfig base = topics.job(1, "secret");
            Properties secrets = base.clientProperties();
            // Password settings of the TLS configuration: read but unused on a plaintext listener.
            secrets.setProperty("ssl.key.password", SECRET);
            secrets.setProperty("ssl.keystore.password", SECRET);
            secrets.setProperty("ssl.truststore.password", SECRET);
            JobConfig job = base.withClientProperties(secrets);

            List<String> lines;
            try (LogCapture capture = new LogCapture()) {
                assertThat(job.toString()).doesNotContain(SECRET);
                assertThat(KafkaJobITCase.run(topics, job, NormalizerConfig.defaults()))
                        .hasSize(50);
                lines = capture.lines();
            }
            assertThat(lines).as("the run logged at INFO").hasSizeGreaterThan(100);
            assertThat(lines).anyMatch(l -> l.contains("ssl.key.password"));
            assertThat(lines).noneMatch(l -> l.contains(SECRET));
        }
    }
}
