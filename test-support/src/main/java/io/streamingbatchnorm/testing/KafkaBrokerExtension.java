package io.streamingbatchnorm.testing;

import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (KRaft, in-process) for the tests of one class: started before the first test, stopped
 * after the last, also when a test fails. Tests sharing it keep apart by using topics of their own ({@link
 * JobTopics} names them with a prefix). Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<EmbeddedKafka.Builder> settings;
    private EmbeddedKafka kafka;
    /** The class whose tests own the broker; nested classes use it without restarting it. */
    private String owner;

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
        if (kafka == null) {
            kafka = settings.apply(EmbeddedKafka.builder()).start();
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null && context.getUniqueId().equals(owner)) {
            kafka.close();
            kafka = null;
            owner = null;
        }
    }

    /** The running broker. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException(
                    "the broker runs only while the test class does: register the extension on a static field");
        }
        return kafka;
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }
}
