package io.streamingbatchnorm.kafka;

/**
 * The serving application: materializes the statistics the Flink job publishes, normalizes the serving input
 * with them and answers queries over HTTP. {@code normalize serve} is its command line; {@link #start} is the
 * entry point for that command and for programs that embed it.
 */
public final class ServingApp {
    private ServingApp() {}

    /**
     * Starts an instance: the query API listens, then Kafka Streams loads the statistics and starts
     * consuming. Returns once the statistics store is up to date with the stats topic, before the
     * serving input is read. The caller closes the instance.
     *
     * @throws java.io.UncheckedIOException if the query API's port cannot be bound
     */
    public static ServingInstance start(ServingConfig config) {
        ServingInstance instance = ServingInstance.create(config);
        instance.start();
        return instance;
    }
}
