package io.streamingbatchnorm.testing;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (KRaft, in-process) for the tests of one class: started before the first test, stopped
 * after the last, also when a test fails. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<EmbeddedKafka.Builder> settings;
    private EmbeddedKafka kafka;

    /** A broker with the default settings. */
    public KafkaBrokerExtension() {
        this(b -> b);
    }

    /** A broker with the settings {@code settings} adds, such as broker properties. */
    public KafkaBrokerExtension(UnaryOperator<EmbeddedKafka.Builder> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = settings.apply(EmbeddedKafka.builder()).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** The running broker. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("the broker runs only while the test class does");
        }
        return kafka;
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }
}
