package io.streamingbatchnorm.cli.kafka;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.kafka.ControlTopicReader;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;

/**
 * The commands of the control topic addressed to a key that has no statistics yet. The job keeps them until
 * the key arrives; listed beside the statistics, a misspelled key shows up here instead of vanishing.
 */
public final class PendingCommands {
    private PendingCommands() {}

    /** Commands for one key (not {@code *}) that is not among {@code keysWithStatistics}, in the order sent. */
    public static List<StoredCommand> find(KafkaBrokers kafka, String controlTopic, Set<String> keysWithStatistics) {
        kafka.requireTopic(controlTopic, "--control-topic");
        try {
            return ControlTopicReader.readAll(
                            kafka.bootstrapServers(),
                            kafka.consumer(),
                            controlTopic,
                            NormalizerConfig.defaults(),
                            KafkaBrokers.TIMEOUT)
                    .stream()
                    .filter(c -> !"*".equals(c.key) && !keysWithStatistics.contains(c.key))
                    .toList();
        } catch (KafkaException e) {
            throw kafka.explain(e, controlTopic, "--control-topic");
        }
    }
}
