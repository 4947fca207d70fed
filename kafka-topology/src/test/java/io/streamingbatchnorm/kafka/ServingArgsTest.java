package io.streamingbatchnorm.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line of {@link ServingApp}. */
class ServingArgsTest {

    @Test
    void readsBothFlagFormsAndKafkaProperties() {
        ServingArgs args = ServingArgs.parse(new String[] {
            "--bootstrap-servers", "b:9092", "--http-port=0",
            "--kafka-property", "security.protocol=SSL", "--kafka-property=ssl.key.password=a=b"
        });

        assertThat(args.flags()).isEqualTo(Map.of("bootstrap-servers", "b:9092", "http-port", "0"));
        assertThat(args.kafkaProperties()).isEqualTo(Map.of("security.protocol", "SSL", "ssl.key.password", "a=b"));
        assertThat(args.help()).isFalse();
    }

    @Test
    void refusesMalformedArguments() {
        assertThatThrownBy(() -> ServingArgs.parse(new String[] {"serve"})).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> ServingArgs.parse(new String[] {"--http-port"}))
                .hasMessage("--http-port: needs a value");
        assertThatThrownBy(() -> ServingArgs.parse(new String[] {"--kafka-property", "x"}))
                .hasMessageContaining("name=value");
    }

    @Test
    void usageListsEveryFlag() {
        String usage = ServingArgs.usage();

        for (ServingOptions.Option o : ServingOptions.ALL) {
            assertThat(usage).contains("--" + o.name());
        }
    }

    @Test
    void runRefusesBadFlagsWithTheUsageStatus() throws InterruptedException {
        assertThat(ServingApp.run(new String[] {"--momentum", "0.5"})).isEqualTo(ServingApp.EXIT_USAGE);
        assertThat(ServingApp.run(new String[] {"--help"})).isZero();
    }
}
