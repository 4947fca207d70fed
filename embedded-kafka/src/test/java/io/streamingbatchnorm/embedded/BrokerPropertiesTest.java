package io.streamingbatchnorm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    @Test
    void combinesBrokerAndControllerOnTheLoopbackAddress() {
        Map<String, String> p = BrokerProperties.build(7, 9092, 9093, Path.of("/data/kafka"), Map.of());

        assertThat(p)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "7")
                .containsEntry("controller.quorum.voters", "7@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", Path.of("/data/kafka").toString());
    }

    @Test
    void defaultsSuitASingleNodeWithTransactions() {
        assertThat(BrokerProperties.defaults())
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("transaction.max.timeout.ms", "900000")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void overridesReplaceDefaultsButNotTheNodeIdentity() {
        Map<String, String> p = BrokerProperties.build(
                1,
                9092,
                9093,
                Path.of("/tmp/k"),
                Map.of("transaction.max.timeout.ms", "3600000", "auto.create.topics.enable", "true"));

        assertThat(p)
                .containsEntry("transaction.max.timeout.ms", "3600000")
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
    }

    @Test
    void builderRejectsDerivedPropertiesAndInvalidPorts() {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();

        assertThatThrownBy(() -> builder.brokerProperty("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
        assertThatThrownBy(() -> builder.port(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> builder.port(70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
