package io.streamingbatchnorm.embedded;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker running inside this JVM: one KRaft node that is both broker and controller,
 * listening on {@code 127.0.0.1}. Clients reach it through {@link #bootstrapServers()} like any other
 * broker; it supports consumer groups, transactions and {@code read_committed} consumers.
 *
 * <p>Storage is formatted like a new production cluster of the Kafka release on the classpath: the
 * latest production metadata version and feature levels (transactions use protocol version 2). Topics
 * are not created automatically. Several brokers may run in one JVM; each has its own ports and log
 * directory. The broker logs through SLF4J, so the application's logging configuration decides what
 * is printed. Methods may be called from any thread.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopic("features", 3);
 *     // produce to and consume from kafka.bootstrapServers()
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    private static final int START_ATTEMPTS = 3;

    /**
     * Node ids are unique within the JVM because the broker registers JMX beans named after its id;
     * a second broker with the same id would log a failed registration.
     */
    private static final AtomicInteger NEXT_NODE_ID = new AtomicInteger(1);

    private final LogDirectory logDir;
    private final Map<String, String> config;
    private final String bootstrapServers;
    private KafkaRaftServer server;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(LogDirectory logDir, Map<String, String> config, int port, KafkaRaftServer server) {
        this.logDir = logDir;
        this.config = config;
        this.bootstrapServers = BrokerProperties.HOST + ":" + port;
        this.server = server;
    }

    /** Starts a broker with the default settings, free ports and a temporary log directory. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    /** A builder for a broker with a fixed port, a kept log directory or extra broker settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code host:port} that clients use as {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's metadata and topic data. */
    public Path logDir() {
        return logDir.path();
    }

    /**
     * Creates a topic with one replica and waits until every partition has a leader that serves
     * requests, so that producing right after this call does not fail on stale metadata.
     */
    public void createTopic(String name, int partitions) {
        createTopic(new NewTopic(name, partitions, (short) 1));
    }

    /** Like {@link #createTopic(String, int)}, with {@code cleanup.policy=compact}. */
    public void createCompactedTopic(String name, int partitions) {
        createTopic(new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /**
     * Creates a job's control topic as a deployment must: one partition, so that commands keep their order, and
     * no retention limit, so that a job started without a checkpoint still reads every command.
     */
    public void createControlTopic(String name) {
        createTopic(new NewTopic(name, 1, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
    }

    private void createTopic(NewTopic topic) {
        Await.result(admin().createTopics(List.of(topic)).all(), ADMIN_TIMEOUT, "create topic " + topic.name());
        awaitLeaders(IntStream.range(0, topic.numPartitions())
                .mapToObj(p -> new TopicPartition(topic.name(), p))
                .toList());
    }

    /**
     * Waits until each partition's leader serves requests. Listing offsets is answered by the
     * leader itself, so its success proves more than metadata that merely names a leader.
     */
    private void awaitLeaders(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest =
                partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Await.retrying(
                () -> admin().listOffsets(latest).all().get(),
                ADMIN_TIMEOUT,
                "wait for the leaders of " + partitions.size() + " partitions");
    }

    /** Every partition of every topic, internal ones included, as the broker currently knows them. */
    private List<TopicPartition> allPartitions() {
        Set<String> topics = Await.result(
                admin().listTopics(new ListTopicsOptions().listInternal(true)).names(), ADMIN_TIMEOUT, "list topics");
        Map<String, TopicDescription> descriptions =
                Await.result(admin().describeTopics(topics).allTopicNames(), ADMIN_TIMEOUT, "describe topics");
        return descriptions.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    /** An admin client shared by all callers; it is closed by {@link #close()}, not by the caller. */
    public synchronized Admin admin() {
        ensureOpen();
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    "embedded-kafka-admin"));
        }
        return admin;
    }

    /**
     * Stops the broker and starts it again on the same ports and log directory; committed data,
     * topics and consumer group offsets survive. Clients see a broker outage and reconnect. Returns
     * once every partition has its leader back, so the broker is as usable as before.
     */
    public synchronized void restart() {
        ensureOpen();
        stopServer();
        server = startServer(config);
        // A restarted single node comes back fenced, its partitions leaderless until it is unfenced.
        Await.retrying(() -> awaitLeaders(allPartitions()), ADMIN_TIMEOUT, "wait for partition leaders");
    }

    /** Stops the broker and deletes its log directory unless the directory was given by the caller. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The admin goes first: closed after the broker, it would log connection failures.
        if (admin != null) {
            admin.close(ADMIN_CLOSE_TIMEOUT);
        }
        stopServer();
        logDir.deleteIfTemporary();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The embedded Kafka broker at " + bootstrapServers + " is closed");
        }
    }

    private void stopServer() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static EmbeddedKafka launch(Builder builder) {
        LogDirectory dir = builder.logDir == null ? LogDirectory.createTemporary() : LogDirectory.given(builder.logDir);
        try {
            int nodeId = dir.formattedNodeId().orElseGet(() -> {
                int id = NEXT_NODE_ID.getAndIncrement();
                dir.format(id, BrokerProperties.CONTROLLER_LISTENER);
                return id;
            });
            if (builder.port != 0) {
                // Kafka reports a taken port only after starting half the node; fail before that.
                FreePorts.requireFree(builder.port);
            }
            for (int attempt = 1; ; attempt++) {
                int[] ports = FreePorts.pick(2);
                int port = builder.port != 0 ? builder.port : ports[0];
                Map<String, String> config =
                        BrokerProperties.build(nodeId, port, ports[1], dir.path(), builder.properties);
                try {
                    return new EmbeddedKafka(dir, config, port, startServer(config));
                } catch (BrokerStartException e) {
                    // Another process may have bound a port picked as free; other ports fix that.
                    if (!e.portTaken() || attempt == START_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            dir.deleteIfTemporary();
            throw e;
        }
    }

    private static KafkaRaftServer startServer(Map<String, String> config) {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new BrokerStartException(
                    "Kafka broker failed to start with listeners " + config.get("listeners") + ": " + e.getMessage(),
                    e);
        }
    }

    /** Why a start attempt failed; a taken port is worth another attempt with other ports. */
    private static final class BrokerStartException extends IllegalStateException {
        BrokerStartException(String message, Throwable cause) {
            super(message, cause);
        }

        boolean portTaken() {
            for (Throwable t = getCause(); t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Collects the settings of a broker before starting it; invalid settings fail here. */
    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Path logDir;
        private int port;

        private Builder() {}

        /**
         * Sets a broker configuration property, for example {@code transaction.max.timeout.ms}.
         * Listener, node and directory settings are derived from {@link #port(int)} and
         * {@link #logDir(Path)} and cannot be set here.
         */
        public Builder brokerProperty(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value of " + key);
            if (BrokerProperties.RESERVED_KEYS.contains(key)) {
                throw new IllegalArgumentException("Broker property " + key
                        + " is derived from port(int) and logDir(Path) and cannot be set directly");
            }
            properties.put(key, value);
            return this;
        }

        /** Keeps the broker's data in {@code dir}, which survives {@link #close()}; reusing it resumes the data. */
        public Builder logDir(Path dir) {
            this.logDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** The client port on 127.0.0.1; by default a free port is picked. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Formats storage if needed, starts the broker and returns once it accepts requests. */
        public EmbeddedKafka start() {
            return launch(this);
        }
    }
}
