package io.streamingbatchnorm.testing;

import io.streamingbatchnorm.embedded.EmbeddedKafka;

/**
 * The four topics of the serving application on a test broker: the compacted statistics it reads, the records
 * it serves, its output and its dead letters; named with a prefix of their own, or with the names a deployment
 * uses by default. Read and write them with {@link Topics}.
 */
public final class ServingTopics {
    public final String stats;
    public final String input;
    public final String output;
    public final String dlq;

    private ServingTopics(String prefix) {
        stats = prefix + "feature-stats";
        input = prefix + "features-serving";
        output = prefix + "features-serving-normalized";
        dlq = prefix + "features-serving-dlq";
    }

    /** Creates {@code PREFIX-feature-stats}, {@code PREFIX-features-serving}, {@code -normalized} and {@code -dlq}. */
    public static ServingTopics create(EmbeddedKafka kafka, String prefix, int statsPartitions, int servingPartitions) {
        return new ServingTopics(prefix + "-").createIn(kafka, statsPartitions, servingPartitions);
    }

    /**
     * Creates the topics under the names the serving application uses when no topic flag is given: {@code
     * feature-stats}, {@code features-serving}, {@code features-serving-normalized} and {@code
     * features-serving-dlq}.
     */
    public static ServingTopics createDefaults(EmbeddedKafka kafka, int statsPartitions, int servingPartitions) {
        return new ServingTopics("").createIn(kafka, statsPartitions, servingPartitions);
    }

    private ServingTopics createIn(EmbeddedKafka kafka, int statsPartitions, int servingPartitions) {
        kafka.createCompactedTopic(stats, statsPartitions);
        kafka.createTopic(input, servingPartitions);
        kafka.createTopic(output, servingPartitions);
        kafka.createTopic(dlq, 1);
        return this;
    }
}
