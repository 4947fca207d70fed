package io.streamingbatchnorm.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import io.streamingbatchnorm.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Secrets passed through to the Kafka clients appear in no log line of a whole job run, at INFO. */
class SecretLoggingITCase {
    private static final String SECRET = "s3cr3t-Pa55w0rd-4711";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void passwordLikeClientPropertiesAreNeverLogged() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "secret", 1);
        topics.produce(
                topics.features, WireRecords.features(topics.features, TestStreams.drifting(1, 2, 50, 2, 10, 0)));
        // Password settings of the TLS configuration: read but unused on a plaintext listener.
        Path properties = Files.write(
                dir.resolve("client.properties"),
                List.of(
                        "ssl.key.password=" + SECRET,
                        "ssl.keystore.password=" + SECRET,
                        "ssl.truststore.password=" + SECRET));
        JobConfig job = TestJobs.job(
                topics,
                "secret",
                Map.of("parallelism", "1", "bounded", "true", "kafka-properties", properties.toString()));
        assertThat(job.clientProperties()).containsEntry("ssl.key.password", SECRET);

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
