package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.core.ConfigException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The serving application: materializes the statistics the Flink job publishes, normalizes the serving
 * input with them and answers queries over HTTP. {@link #main} parses flags and runs until stopped;
 * {@link #start} is the entry point for programs that embed it.
 */
public final class ServingApp {
    /** Exit status of a run that ended because the application failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit status of a run refused because of its arguments. */
    public static final int EXIT_USAGE = 2;

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

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args));
    }

    /**
     * Parses {@code args}, runs the application until the JVM is asked to stop or the application
     * fails, and returns the exit status.
     */
    public static int run(String[] args) throws InterruptedException {
        ServingConfig config;
        try {
            ServingArgs parsed = ServingArgs.parse(args);
            if (parsed.help()) {
                System.out.print(ServingArgs.usage());
                return 0;
            }
            config = ServingOptions.parse(parsed.flags(), parsed.kafkaProperties());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println("Run with --help for the flags.");
            return EXIT_USAGE;
        }
        ServingInstance instance = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "serving-shutdown"));
        instance.awaitStop();
        boolean failed = instance.state() == KafkaStreams.State.ERROR;
        instance.close();
        return failed ? EXIT_FAILED : 0;
    }
}
