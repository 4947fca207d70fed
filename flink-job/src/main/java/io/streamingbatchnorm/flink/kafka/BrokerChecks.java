package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.flink.JobConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * Checks at start what would otherwise fail later and obscurely: brokers reachable, topics present, the control
 * topic with one partition that keeps its commands, output topics that accept the records the job's producer may
 * send, and a producer transaction timeout the brokers accept.
 */
public final class BrokerChecks {
    private BrokerChecks() {}

    /** @throws BrokerCheckException naming what to change when the cluster does not fit the job */
    public static void verify(JobConfig job) {
        KafkaBrokers brokers = KafkaBrokers.of(job.bootstrapServers(), job.clientProperties());
        brokers.requireTopic(job.featuresTopic(), "--features-topic");
        brokers.requireTopic(job.outputTopic(), "--output-topic");
        brokers.requireTopic(job.statsTopic(), "--stats-topic");
        brokers.requireTopic(job.dlqTopic(), "--dlq-topic");
        brokers.requireTopic(job.driftTopic(), "--drift-topic");
        int partitions = brokers.requireTopic(job.controlTopic(), "--control-topic")
                .partitions()
                .size();
        if (partitions != 1) {
            throw new BrokerCheckException("control topic '" + job.controlTopic() + "' has " + partitions
                    + " partitions; it needs exactly 1 so that commands keep the order they were sent in");
        }
        checkControlRetention(brokers, job);
        long largest = InputLimits.of(job).maxOutputBytes();
        checkMessageSize(brokers, job.outputTopic(), "--output-topic", largest);
        checkMessageSize(brokers, job.dlqTopic(), "--dlq-topic", largest);
        checkMessageSize(brokers, job.statsTopic(), "--stats-topic", largest);
        checkMessageSize(brokers, job.driftTopic(), "--drift-topic", largest);
        if (job.delivery() == Delivery.EXACTLY_ONCE) {
            checkTransactionTimeout(brokers, job);
        }
    }

    /**
     * Every start reads the control topic from its beginning: commands deleted by retention would be missing from a
     * job started without a checkpoint, and early records would get the wrong mode.
     */
    private static void checkControlRetention(KafkaBrokers brokers, JobConfig job) {
        Config config = brokers.topicConfig(job.controlTopic(), "--control-topic");
        String policy = value(config, "cleanup.policy");
        boolean compacted = policy != null && policy.contains("compact") && !policy.contains("delete");
        boolean forever = "-1".equals(value(config, "retention.ms")) && "-1".equals(value(config, "retention.bytes"));
        if (!compacted && !forever) {
            throw new BrokerCheckException("control topic '" + job.controlTopic() + "' deletes old commands"
                    + " (cleanup.policy " + policy + ", retention.ms " + value(config, "retention.ms")
                    + ", retention.bytes " + value(config, "retention.bytes") + "); a job started without a checkpoint"
                    + " would miss them. Keep every command: kafka-configs.sh --bootstrap-server "
                    + job.bootstrapServers() + " --alter --entity-type topics --entity-name " + job.controlTopic()
                    + " --add-config retention.ms=-1,retention.bytes=-1");
        }
    }

    private static void checkMessageSize(KafkaBrokers brokers, String topic, String flag, long producerMax) {
        String max = value(brokers.topicConfig(topic, flag), "max.message.bytes");
        if (max != null && Long.parseLong(max) < producerMax) {
            throw new BrokerCheckException("topic '" + topic + "' accepts records up to " + max
                    + " bytes (max.message.bytes), less than the job's producer may send (max.request.size "
                    + producerMax + "); raise the topic's max.message.bytes or set max.request.size at most " + max
                    + " in --kafka-properties");
        }
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null ? null : entry.value();
    }

    private static void checkTransactionTimeout(KafkaBrokers brokers, JobConfig job) {
        String brokerMax = brokers.brokerSetting("transaction.max.timeout.ms");
        if (brokerMax == null) {
            return;
        }
        long wanted = job.transactionTimeout().toMillis();
        if (wanted > Long.parseLong(brokerMax)) {
            throw new BrokerCheckException("--transaction-timeout " + wanted + " ms exceeds the brokers' "
                    + "transaction.max.timeout.ms " + brokerMax + " ms; lower --transaction-timeout or raise the"
                    + " broker setting");
        }
    }
}
