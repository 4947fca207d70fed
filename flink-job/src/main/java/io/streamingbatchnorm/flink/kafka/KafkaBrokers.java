package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.core.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The first contact of every short-lived client (the job's start-up checks, the command line) with the Kafka
 * brokers: client settings with bounded timeouts, and every way the contact can fail turned into one line that
 * says what to fix.
 *
 * <p>Every call gives up within {@link #TIMEOUT} instead of the clients' default of a minute or more. Settings
 * from {@code --kafka-properties} win over these defaults; their values are never printed, since they may hold
 * credentials.
 */
public final class KafkaBrokers {
    /** How long a check waits for the brokers before it gives up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final Properties properties;

    private KafkaBrokers(String bootstrapServers, Properties properties) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
    }

    /**
     * Client settings for {@code bootstrapServers} plus {@code clientProperties}, which are copied.
     *
     * @throws ConfigException naming {@code bootstrap-servers} when none are given
     */
    public static KafkaBrokers of(String bootstrapServers, Properties clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("bootstrap-servers", "give host:port of one or more Kafka brokers");
        }
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long timeout = TIMEOUT.toMillis();
        p.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout));
        p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout * 2 / 3));
        return new KafkaBrokers(bootstrapServers, p);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Settings for an admin client. */
    public Properties admin() {
        return copy();
    }

    /** Settings for a producer that gives up on an unreachable broker within {@link #TIMEOUT}. */
    public Properties producer() {
        Properties p = copy();
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        // Must be at least linger.ms + request.timeout.ms, or the producer refuses to start.
        long request;
        try {
            request = Long.parseLong(
                    p.getProperty(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("kafka-properties", "request.timeout.ms must be a whole number of milliseconds");
        }
        p.putIfAbsent(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(TIMEOUT.toMillis(), request + 1000)));
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    /** Settings for a consumer that reads committed records only and joins no group. */
    public Properties consumer() {
        Properties p = copy();
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    /**
     * Checks that the brokers answer.
     *
     * @throws BrokerCheckException with a one-line explanation when they do not
     */
    public void requireReachable() {
        call(admin -> admin.describeCluster().nodes(), null, null);
    }

    /**
     * Checks that the brokers answer and that {@code topic} exists, and returns its description.
     *
     * @param topicFlag the flag that named the topic, for the message when it does not exist
     * @throws BrokerCheckException with a one-line explanation when it cannot
     */
    public TopicDescription requireTopic(String topic, String topicFlag) {
        Map<String, TopicDescription> described =
                call(admin -> admin.describeTopics(List.of(topic)).allTopicNames(), topic, topicFlag);
        return described.get(topic);
    }

    /** The settings of {@code topic} as the brokers report them. */
    public Config topicConfig(String topic, String topicFlag) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return call(admin -> admin.describeConfigs(List.of(resource)).values().get(resource), topic, topicFlag);
    }

    /** The value of a broker setting as one of the brokers reports it, or {@code null} when it reports none. */
    public String brokerSetting(String name) {
        List<Node> nodes = List.copyOf(call(admin -> admin.describeCluster().nodes(), null, null));
        ConfigResource broker = new ConfigResource(
                ConfigResource.Type.BROKER, Integer.toString(nodes.get(0).id()));
        Config config =
                call(admin -> admin.describeConfigs(List.of(broker)).values().get(broker), null, null);
        var entry = config.get(name);
        return entry == null ? null : entry.value();
    }

    /**
     * Sends one record and waits until the brokers acknowledged it.
     *
     * @throws BrokerCheckException with a one-line explanation when it cannot
     */
    public RecordMetadata send(String topic, String topicFlag, byte[] key, byte[] value) {
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producer(), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw badClientSettings(e);
        }
        try {
            return producer.send(new ProducerRecord<>(topic, key, value))
                    .get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw explain(e.getCause(), topic, topicFlag);
        } catch (org.apache.kafka.common.errors.TimeoutException | java.util.concurrent.TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerCheckException("interrupted while sending to Kafka at " + bootstrapServers, e);
        } finally {
            // Bounded: after a failed send, an unbounded close would wait for the record's delivery timeout.
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private <T> T call(Function<Admin, KafkaFuture<T>> request, String topic, String topicFlag) {
        Admin admin;
        try {
            admin = Admin.create(admin());
        } catch (KafkaException e) {
            throw badClientSettings(e);
        }
        try {
            // The client's own timeout (default.api.timeout.ms) ends the call first; this one is a safety net.
            return request.apply(admin).get(TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw explain(e.getCause(), topic, topicFlag);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerCheckException("interrupted while contacting Kafka at " + bootstrapServers, e);
        } finally {
            // An unreachable cluster would otherwise hold the caller in close() as long again.
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /** A one-line explanation of a failure of a Kafka client talking to these brokers. */
    public BrokerCheckException explain(Throwable e, String topic, String topicFlag) {
        if (e instanceof UnknownTopicOrPartitionException) {
            return new BrokerCheckException(
                    "topic '" + topic + "' does not exist at " + bootstrapServers
                            + "; create it, or name another one with " + topicFlag,
                    e);
        }
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unreachable(e);
        }
        if (e instanceof AuthenticationException) {
            return new BrokerCheckException(
                    "Kafka at " + bootstrapServers + " refused the credentials: " + e.getMessage()
                            + "; check the security settings in --kafka-properties",
                    e);
        }
        if (e instanceof AuthorizationException) {
            return new BrokerCheckException(
                    "Kafka at " + bootstrapServers + " denied access"
                            + (topic == null ? "" : " to topic '" + topic + "'") + ": " + e.getMessage(),
                    e);
        }
        return new BrokerCheckException("Kafka at " + bootstrapServers + " failed: " + e.getMessage(), e);
    }

    /** The message for brokers that did not answer in time. */
    public BrokerCheckException unreachable(Throwable cause) {
        return new BrokerCheckException(
                "cannot reach Kafka at --bootstrap-servers " + bootstrapServers + " within " + TIMEOUT.toSeconds()
                        + " s; check the address and that the brokers are up",
                cause);
    }

    /** A client that cannot even be created: a malformed or unresolvable address, or a refused property. */
    public ConfigException badClientSettings(KafkaException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? e.getMessage() : root.getMessage();
        String option = detail != null && detail.contains(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                ? "bootstrap-servers"
                : "kafka-properties";
        return new ConfigException(option, "the Kafka client refused its settings: " + detail);
    }

    private Properties copy() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }
}
