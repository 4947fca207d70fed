package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.kafka.http.QueryServer;
import io.streamingbatchnorm.kafka.http.StatsQuery;
import io.streamingbatchnorm.kafka.metrics.ConsumerLag;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the serving application: its Kafka Streams client and its query API.
 * Closing it stops both; it is safe to close more than once and from a shutdown hook.
 */
public final class ServingInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingInstance.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ServingConfig config;
    private final KafkaStreams streams;
    private final ServingMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private QueryServer server;
    private boolean closed;

    private ServingInstance(ServingConfig config, KafkaStreams streams, ServingMetrics metrics) {
        this.config = config;
        this.streams = streams;
        this.metrics = metrics;
    }

    /** Builds the topology and the Kafka Streams client without connecting to Kafka yet. */
    static ServingInstance create(ServingConfig config) {
        Objects.requireNonNull(config, "config");
        // Names only: the values of pass-through properties may be secrets.
        LOG.info(
                "Serving application '{}': statistics from '{}', normalizing '{}' into '{}', dead letters to '{}',"
                        + " delivery {}, missing values {}; pass-through Kafka properties: {}",
                config.applicationId(),
                config.statsTopic(),
                config.inputTopic(),
                config.outputTopic(),
                config.dlqTopic(),
                config.delivery(),
                config.normalizer().missing(),
                config.propertyNames());
        ServingMetrics metrics = new ServingMetrics();
        KafkaStreams streams =
                new KafkaStreams(ServingTopology.build(config, metrics), StreamsProperties.build(config, metrics));
        metrics.consumerLag(() -> ConsumerLag.of(streams));
        ServingInstance instance = new ServingInstance(config, streams, metrics);
        streams.setUncaughtExceptionHandler(e -> {
            // Bad input never gets here (the exception handlers write it to the dead letters): this is
            // an outage or a bug, which restarting the thread would only repeat.
            LOG.error("Serving stops on an unrecoverable error", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                instance.stopped.countDown();
            }
        });
        return instance;
    }

    /** Opens the query API, then starts consuming. */
    synchronized void start() {
        try {
            server = QueryServer.start(config.http(), StatsQuery.of(streams), metrics);
            streams.start();
        } catch (RuntimeException e) {
            // The Kafka Streams client already holds Kafka clients and threads, even when never started.
            close();
            throw e;
        }
        LOG.info("Serving application '{}' started; query API on port {}", config.applicationId(), server.port());
    }

    /** The configuration this instance runs with. */
    public ServingConfig config() {
        return config;
    }

    /** The port the query API listens on (the chosen one when the configured port is 0). */
    public synchronized int httpPort() {
        if (server == null) {
            throw new IllegalStateException("the query API is not started");
        }
        return server.port();
    }

    /** The state of the Kafka Streams client. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the instance stops, because it failed or was closed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits until the instance stops, because it failed or was closed; returns false on timeout. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the query API and Kafka Streams. The instance leaves the consumer group, so the remaining
     * instances take over its partitions at once instead of after the session timeout. An instance that
     * failed (state ERROR) cannot: Kafka Streams closed itself without leaving, so its partitions move,
     * and a restarted instance starts serving, only once its session times out ({@code session.timeout.ms}).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
        }
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        stopped.countDown();
        LOG.info("Serving application '{}' stopped", config.applicationId());
    }
}
