package io.streamingbatchnorm.cli.kafka;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.kafka.ControlTopicReader;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * The commands as lines under a heading, or no line when there are none: key, command, id and effective time,
     * so that a misspelled key can be told from a key that has not arrived yet.
     */
    public static List<String> format(List<StoredCommand> pending, String controlTopic) {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(pending.size() + (pending.size() == 1 ? " command" : " commands") + " of topic '" + controlTopic
                + "' wait for keys with no statistics (the job applies them when the key's first record arrives;"
                + " check the key for a typo):");
        for (StoredCommand c : pending) {
            lines.add("  " + c.key + "  " + c.type + "  id " + c.id
                    + (c.effectiveTime == null ? "" : "  effective " + Instant.ofEpochMilli(c.effectiveTime)));
        }
        return lines;
    }
}
