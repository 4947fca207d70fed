package io.streamingbatchnorm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients talking to one broker shared by all tests here; each test uses its own topics. */
class EmbeddedKafkaITCase {
    // Started by hand rather than by test-support's KafkaBrokerExtension: test-support is built on this module,
    // which therefore cannot use it.
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void consumesEveryProducedRecordFromAllPartitions() {
        kafka.createTopic("numbers", 3);
        List<String> values =
                IntStream.range(0, 1_000).mapToObj(i -> "value-" + i).toList();

        try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
            TestClients.send(producer, "numbers", values);
        }
        List<ConsumerRecord<String, String>> records = TestClients.consume(kafka, "numbers", values.size());

        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() {
        kafka.createTopic("transactional", 2);
        List<String> committed = List.of("c1", "c2", "c3");
        List<String> aborted = List.of("a1", "a2");

        try (KafkaProducer<String, String> producer = TestClients.transactionalProducer(kafka, "tx-test")) {
            producer.initTransactions();
            producer.beginTransaction();
            TestClients.send(producer, "transactional", committed);
            producer.commitTransaction();
            producer.beginTransaction();
            TestClients.send(producer, "transactional", aborted);
            producer.abortTransaction();
        }

        assertThat(TestClients.readAll(kafka, "transactional", "read_committed"))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(committed);
        // The aborted records were written: only the isolation level hides them.
        assertThat(TestClients.readAll(kafka, "transactional", "read_uncommitted"))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("c1", "c2", "c3", "a1", "a2");
    }

    @Test
    void compactedTopicHasCompactCleanupPolicy() {
        kafka.createCompactedTopic("latest-by-key", 2);
        kafka.createTopic("plain", 1);

        assertThat(cleanupPolicy("latest-by-key")).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(cleanupPolicy("plain")).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
    }

    @Test
    void createdTopicsAreListedAndNoOthersAppear() throws Exception {
        kafka.createTopic("listed", 1);

        // Clients ask for a missing topic's metadata allowing auto-creation; the broker must refuse.
        assertThat(TestClients.partitionsFor(kafka, "never-created")).isEmpty();
        Set<String> topics = kafka.admin().listTopics().names().get();

        assertThat(topics).contains("listed").doesNotContain("never-created");
    }

    private static String cleanupPolicy(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = Await.result(
                        kafka.admin().describeConfigs(List.of(resource)).all(),
                        TestClients.DEADLINE,
                        "describe " + topic)
                .get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
}
