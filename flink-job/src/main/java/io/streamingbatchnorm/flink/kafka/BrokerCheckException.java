package io.streamingbatchnorm.flink.kafka;

/** The Kafka cluster cannot be used as configured; the message says what to change. */
public final class BrokerCheckException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BrokerCheckException(String message) {
        super(message);
    }

    public BrokerCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
