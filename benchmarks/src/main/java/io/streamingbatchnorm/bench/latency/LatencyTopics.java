package io.streamingbatchnorm.bench.latency;

import io.streamingbatchnorm.bench.harness.Broker;
import io.streamingbatchnorm.testing.JobTopics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The six topics of the latency run's job, created as a deployment creates them on whichever broker runs (in
 * this JVM or in its own process), and the job flags that name them.
 */
record LatencyTopics(String features, String output, String stats, String dlq, String control, String drift) {

    static LatencyTopics create(Broker broker, int featurePartitions) throws Exception {
        LatencyTopics t = new LatencyTopics(
                "latency-features",
                "latency-normalized",
                "latency-stats",
                "latency-dlq",
                "latency-control",
                "latency-drift");
        broker.createTopics(List.of(
                new NewTopic(t.features, featurePartitions, (short) 1),
                new NewTopic(t.output, 2, (short) 1),
                new NewTopic(t.stats, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(t.dlq, 1, (short) 1),
                new NewTopic(t.drift, 1, (short) 1),
                // The job refuses a control topic that could reorder or delete commands.
                new NewTopic(t.control, 1, (short) 1)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"))));
        return t;
    }

    /** The job's topic flags, reading the features from their start in consumer group {@code group}. */
    Map<String, String> flags(String bootstrapServers, String group) {
        return JobTopics.topicFlags(bootstrapServers, List.of(features, output, stats, dlq, control, drift), group);
    }
}
