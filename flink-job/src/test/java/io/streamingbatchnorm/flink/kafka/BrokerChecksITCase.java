package io.streamingbatchnorm.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.flink.WireRecords;
import io.streamingbatchnorm.testing.JobTopics;
import io.streamingbatchnorm.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up checks against a real broker: each topic setting that would lose commands or fail the job later is
 * refused at start with the change that fixes it, and a control topic that cannot be read to its end stops the
 * start instead of letting early records get the wrong mode.
 */
class BrokerChecksITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void topicsAsADeploymentCreatesThemPass() {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "checks-ok", 2);

        assertThatCode(() -> BrokerChecks.verify(job(topics, Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void aMissingDriftTopicIsRefusedNamingItsFlag() {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "checks-drift", 1);

        assertThatThrownBy(() -> BrokerChecks.verify(job(topics, Map.of("drift-topic", "checks-no-such-drift"))))
                .isInstanceOf(BrokerCheckException.class)
                .hasMessageContaining("checks-no-such-drift")
                .hasMessageContaining("--drift-topic");
    }

    @Test
    void aControlTopicThatDeletesOldCommandsIsRefusedWithTheFix() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "checks-retention", 1);
        alter(topics.control, "retention.ms", "604800000");

        assertThatThrownBy(() -> BrokerChecks.verify(job(topics, Map.of())))
                .isInstanceOf(BrokerCheckException.class)
                .hasMessageContaining("control topic '" + topics.control + "' deletes old commands")
                .hasMessageContaining("--add-config retention.ms=-1,retention.bytes=-1");

        // Compaction keeps the latest command of every message key, which is every command.
        alter(topics.control, "cleanup.policy", "compact");
        assertThatCode(() -> BrokerChecks.verify(job(topics, Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void aControlTopicWithTwoPartitionsIsRefused() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "checks-partitions", 1);
        KAFKA.kafka()
                .admin()
                .createPartitions(Map.of(topics.control, NewPartitions.increaseTo(2)))
                .all()
                .get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> BrokerChecks.verify(job(topics, Map.of())))
                .isInstanceOf(BrokerCheckException.class)
                .hasMessageContaining("has 2 partitions; it needs exactly 1");
    }

    @Test
    void anOutputTopicSmallerThanTheProducersRecordsIsRefused() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "checks-size", 1);
        alter(topics.dlq, "max.message.bytes", "100000");

        assertThatThrownBy(() -> BrokerChecks.verify(job(topics, Map.of())))
                .isInstanceOf(BrokerCheckException.class)
                .hasMessageContaining("topic '" + topics.dlq + "' accepts records up to 100000 bytes")
                .hasMessageContaining("max.request.size");

        // A producer limited to what the topics accept fits.
        Path properties = Files.writeString(dir.resolve("small.properties"), "max.request.size=100000\n");
        assertThatCode(() -> BrokerChecks.verify(job(topics, Map.of("kafka-properties", properties.toString()))))
                .doesNotThrowAnyException();
    }

    @Test
    void aControlTopicThatCannotBeReadToItsEndStopsTheStart() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.kafka(), "checks-slow", 1);
        // One batch per command, and a reader that fetches one batch at a time at one byte a second: the broker
        // throttles every fetch after the first for seconds.
        for (int i = 0; i < 5; i++) {
            topics.produce(
                    topics.control,
                    List.of(WireRecords.command(topics.control, "c" + i, "k", CommandType.EVAL, null, null, null)));
        }
        KAFKA.kafka()
                .admin()
                .alterClientQuotas(List.of(new ClientQuotaAlteration(
                        new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "slow-control-reader")),
                        List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", 1.0)))))
                .all()
                .get(30, TimeUnit.SECONDS);
        Path properties = Files.writeString(
                dir.resolve("slow.properties"), "client.id=slow-control-reader\nmax.partition.fetch.bytes=1\n");
        JobConfig slow = job(topics, Map.of("kafka-properties", properties.toString()));

        assertThatThrownBy(() -> ControlTopicReader.readAll(slow, NormalizerConfig.defaults(), Duration.ofSeconds(2)))
                .isInstanceOf(BrokerCheckException.class)
                .hasMessageContaining("cannot read the control topic '" + topics.control + "' to its end (offset 5");

        // Unthrottled, the same topic is read whole.
        assertThat(ControlTopicReader.readAll(job(topics, Map.of()), NormalizerConfig.defaults()))
                .hasSize(5);
    }

    private static JobConfig job(JobTopics topics, Map<String, String> more) {
        return JobOptions.parse(topics.jobFlags("checks", more));
    }

    private static void alter(String topic, String name, String value) throws Exception {
        KAFKA.kafka()
                .admin()
                .incrementalAlterConfigs(Map.of(
                        new ConfigResource(ConfigResource.Type.TOPIC, topic),
                        List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }
}
