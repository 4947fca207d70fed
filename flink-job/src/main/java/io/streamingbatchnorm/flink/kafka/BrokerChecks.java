package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.flink.JobConfig;

/**
 * Checks at start what would otherwise fail later and obscurely: brokers reachable, topics present, the
 * control topic with one partition, and a producer transaction timeout the brokers accept.
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
        int partitions = brokers.requireTopic(job.controlTopic(), "--control-topic")
                .partitions()
                .size();
        if (partitions != 1) {
            throw new BrokerCheckException("control topic '" + job.controlTopic() + "' has " + partitions
                    + " partitions; it needs exactly 1 so that commands keep the order they were sent in");
        }
        if (job.delivery() == Delivery.EXACTLY_ONCE) {
            checkTransactionTimeout(brokers, job);
        }
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
