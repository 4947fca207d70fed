package io.streamingbatchnorm.cli.kafka;

import io.streamingbatchnorm.cli.CliException;
import io.streamingbatchnorm.flink.JobOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka client settings for the short-lived clients of the command line, and the first contact with
 * the brokers, which turns the ways it can fail into one clear line.
 *
 * <p>Every timeout is bounded so that an unreachable broker is reported within {@link #TIMEOUT} (well
 * under 30 s) instead of the clients' default of a minute or more. Settings from {@code --kafka-properties}
 * win over these defaults; their values are never printed, since they may hold credentials.
 */
public final class KafkaAccess {
    /** How long a command waits for the brokers before it gives up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final Properties properties;

    private KafkaAccess(String bootstrapServers, Properties properties) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
    }

    /**
     * Client settings for {@code bootstrapServers} plus the properties file, if any.
     *
     * @throws io.streamingbatchnorm.core.ConfigException naming {@code kafka-properties} if the file cannot be read
     */
    public static KafkaAccess of(String bootstrapServers, String propertiesFile) {
        return of(bootstrapServers, JobOptions.loadProperties(propertiesFile));
    }

    /** Client settings for {@code bootstrapServers} plus {@code clientProperties}, which are copied. */
    public static KafkaAccess of(String bootstrapServers, Properties clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw CliException.usage("--bootstrap-servers: give host:port of one or more Kafka brokers");
        }
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long timeout = TIMEOUT.toMillis();
        p.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout));
        p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout * 2 / 3));
        return new KafkaAccess(bootstrapServers, p);
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
            throw CliException.usage("--kafka-properties: request.timeout.ms must be a whole number of milliseconds");
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
     * Checks that the brokers answer and that {@code topic} exists, and returns its partition count.
     *
     * @param topicFlag the flag that named the topic, for the message when it does not exist
     * @throws CliException with a one-line explanation when it cannot
     */
    public int requireTopic(String topic, String topicFlag) {
        Map<String, TopicDescription> described =
                adminCall(admin -> admin.describeTopics(List.of(topic)).allTopicNames(), topic, topicFlag);
        return described.get(topic).partitions().size();
    }

    /**
     * Checks that the brokers answer.
     *
     * @throws CliException with a one-line explanation when they do not
     */
    public void requireBrokers() {
        adminCall(admin -> admin.describeCluster().nodes(), null, null);
    }

    private <T> T adminCall(Function<Admin, KafkaFuture<T>> call, String topic, String topicFlag) {
        Admin admin = createAdmin();
        try {
            // The client's own timeout (default.api.timeout.ms) ends the call first; this one is a safety net.
            return call.apply(admin).get(TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw explain(e.getCause(), topic, topicFlag);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted while contacting Kafka at " + bootstrapServers);
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * Sends one record and waits until the brokers acknowledged it.
     *
     * @throws CliException with a one-line explanation when it cannot
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
            throw CliException.failure("interrupted while sending to Kafka at " + bootstrapServers);
        } finally {
            // Bounded: after a failed send, an unbounded close would wait for the record's delivery timeout.
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private Admin createAdmin() {
        try {
            return Admin.create(admin());
        } catch (KafkaException e) {
            throw badClientSettings(e);
        }
    }

    /** A one-line explanation of a failure of a Kafka client talking to these brokers. */
    public CliException explain(Throwable e, String topic, String topicFlag) {
        if (e instanceof UnknownTopicOrPartitionException) {
            return CliException.failure(
                    "topic '" + topic + "' does not exist at " + bootstrapServers
                            + "; create it, or name another one with " + topicFlag,
                    e);
        }
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unreachable(e);
        }
        if (e instanceof AuthenticationException) {
            return CliException.failure(
                    "Kafka at " + bootstrapServers + " refused the credentials: " + e.getMessage()
                            + "; check the security settings in --kafka-properties",
                    e);
        }
        if (e instanceof AuthorizationException) {
            return CliException.failure(
                    "Kafka at " + bootstrapServers + " denied access"
                            + (topic == null ? "" : " to topic '" + topic + "'") + ": " + e.getMessage(),
                    e);
        }
        return CliException.failure("Kafka at " + bootstrapServers + " failed: " + e.getMessage(), e);
    }

    /** The message for brokers that did not answer in time. */
    public CliException unreachable(Throwable cause) {
        return CliException.failure(
                "cannot reach Kafka at --bootstrap-servers " + bootstrapServers + " within " + TIMEOUT.toSeconds()
                        + " s; check the address and that the brokers are up",
                cause);
    }

    /** A client that cannot even be created: a malformed or unresolvable address, or a refused property. */
    public CliException badClientSettings(KafkaException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? e.getMessage() : root.getMessage();
        String flag = detail != null && detail.contains(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                ? "--bootstrap-servers"
                : "--kafka-properties";
        return CliException.usage(flag + ": the Kafka client refused its settings: " + detail);
    }

    private Properties copy() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }
}
