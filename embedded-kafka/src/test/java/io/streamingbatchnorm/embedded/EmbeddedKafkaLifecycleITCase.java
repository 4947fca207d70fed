package io.streamingbatchnorm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting, stopping and restarting brokers: each test owns the brokers it starts, since starting, closing and
 * restarting them is what it tests.
 */
class EmbeddedKafkaLifecycleITCase {

    @Test
    void twoBrokersRunSideBySideAsSeparateClusters() throws Exception {
        try (EmbeddedKafka first = EmbeddedKafka.start();
                EmbeddedKafka second = EmbeddedKafka.start()) {
            first.createTopic("shared-name", 1);
            second.createTopic("shared-name", 1);
            try (KafkaProducer<String, String> producer = TestClients.producer(first)) {
                TestClients.send(producer, "shared-name", List.of("only-in-first"));
            }

            assertThat(first.bootstrapServers()).isNotEqualTo(second.bootstrapServers());
            assertThat(first.logDir()).isNotEqualTo(second.logDir());
            assertThat(first.admin().describeCluster().clusterId().get())
                    .isNotEqualTo(second.admin().describeCluster().clusterId().get());
            assertThat(TestClients.readAll(first, "shared-name", "read_committed"))
                    .hasSize(1);
            assertThat(TestClients.readAll(second, "shared-name", "read_committed"))
                    .isEmpty();
        }
    }

    @Test
    void closeReleasesThePortAndDeletesTheTemporaryDirectory() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.createTopic("some-data", 1);
        int port = port(kafka);
        Path dir = kafka.logDir();

        long started = System.nanoTime();
        kafka.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - started);

        assertThat(closing).isLessThan(Duration.ofSeconds(5));
        assertThat(dir).doesNotExist();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(BrokerProperties.HOST))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        assertThatThrownBy(kafka::admin)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        kafka.close();
    }

    @Test
    void restartKeepsPortAndCommittedData(@TempDir Path dir) {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(logDir).start()) {
            kafka.createTopic("durable", 2);
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                TestClients.send(producer, "durable", List.of("before-1", "before-2"));
            }
            String servers = kafka.bootstrapServers();

            kafka.restart();

            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                TestClients.send(producer, "durable", List.of("after"));
            }
            assertThat(kafka.bootstrapServers()).isEqualTo(servers);
            assertThat(TestClients.readAll(kafka, "durable", "read_committed"))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("before-1", "before-2", "after");
        }
        // A directory given by the caller is the caller's to delete.
        assertThat(logDir).isDirectory();
        assertThat(logDir.resolve("meta.properties")).exists();
    }

    @Test
    void givenLogDirectoryResumesItsDataInANewBroker(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(dir).start()) {
            kafka.createTopic("kept", 1);
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                TestClients.send(producer, "kept", List.of("survivor"));
            }
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(dir).start()) {
            assertThat(TestClients.readAll(kafka, "kept", "read_committed"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("survivor");
        }
    }

    @Test
    void aTakenPortFailsTheStartWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(BrokerProperties.HOST))) {
            EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(taken.getLocalPort());

            assertThatThrownBy(builder::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    private static int port(EmbeddedKafka kafka) {
        String servers = kafka.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }
}
