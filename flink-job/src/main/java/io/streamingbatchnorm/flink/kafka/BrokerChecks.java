package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.flink.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Checks at start what would otherwise fail later and obscurely: brokers reachable, topics present, the
 * control topic with one partition, and a producer transaction timeout the brokers accept.
 */
public final class BrokerChecks {
    static final long TIMEOUT_SECONDS = 30;

    private BrokerChecks() {}

    /** Thrown when the Kafka cluster does not fit the job's configuration; the message says what to change. */
    public static final class BrokerCheckException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public BrokerCheckException(String message) {
            super(message);
        }
    }

    public static void verify(JobConfig job) {
        Properties props = job.clientProperties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, job.bootstrapServers());
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_SECONDS * 1000));
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        Admin admin = Admin.create(props);
        try {
            verify(admin, job);
        } catch (TimeoutException e) {
            throw new BrokerCheckException("cannot reach Kafka at --bootstrap-servers " + job.bootstrapServers()
                    + " within " + TIMEOUT_SECONDS + " s; check the address and that the brokers are up");
        } catch (ExecutionException e) {
            throw new BrokerCheckException("Kafka at " + job.bootstrapServers() + " refused the start-up checks: "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerCheckException("interrupted while checking Kafka");
        } finally {
            // An unreachable cluster would otherwise hold the caller in close() as long again.
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }

    private static void verify(Admin admin, JobConfig job)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> topics =
                List.of(job.featuresTopic(), job.outputTopic(), job.statsTopic(), job.dlqTopic(), job.controlTopic());
        var existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> missing = new ArrayList<>();
        for (String t : topics) {
            if (!existing.contains(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new BrokerCheckException("missing topics " + missing + "; create them first (the stats topic with "
                    + "cleanup.policy=compact, the control topic with one partition)");
        }
        Map<String, TopicDescription> described = admin.describeTopics(List.of(job.controlTopic()))
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        int partitions = described.get(job.controlTopic()).partitions().size();
        if (partitions != 1) {
            throw new BrokerCheckException("control topic '" + job.controlTopic() + "' has " + partitions
                    + " partitions; it needs exactly 1 so that commands keep the order they were sent in");
        }
        if (job.delivery() == JobConfig.Delivery.EXACTLY_ONCE) {
            checkTransactionTimeout(admin, job);
        }
    }

    private static void checkTransactionTimeout(Admin admin, JobConfig job)
            throws ExecutionException, InterruptedException, TimeoutException {
        Node broker = admin.describeCluster()
                .nodes()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .iterator()
                .next();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.id()));
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(resource);
        var entry = config.get("transaction.max.timeout.ms");
        if (entry == null || entry.value() == null) {
            return;
        }
        long brokerMax = Long.parseLong(entry.value());
        long wanted = job.transactionTimeout().toMillis();
        if (wanted > brokerMax) {
            throw new BrokerCheckException(
                    "--transaction-timeout " + wanted + " ms exceeds the brokers' " + "transaction.max.timeout.ms "
                            + brokerMax + " ms; lower --transaction-timeout or raise the broker setting");
        }
    }
}
