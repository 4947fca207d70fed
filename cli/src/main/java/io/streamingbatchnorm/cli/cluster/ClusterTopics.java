package io.streamingbatchnorm.cli.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics of the job and of the serving application, with the settings {@code docker/create-topics.sh} gives
 * them: the control topic with one partition kept forever, the statistics topic compacted, the drift topic.
 * {@code ClusterTopicsTest} keeps this list and the script equal.
 */
public final class ClusterTopics {
    /** One topic: its name, partitions and settings. */
    public record Topic(String name, int partitions, Map<String, String> configs) {}

    /** Partitions of the feature and serving topics, as the script's FEATURE_PARTITIONS default. */
    public static final int FEATURE_PARTITIONS = 3;

    public static final List<Topic> ALL = List.of(
            new Topic("features", FEATURE_PARTITIONS, Map.of()),
            new Topic("features-normalized", FEATURE_PARTITIONS, Map.of()),
            new Topic("feature-stats", 1, Map.of("cleanup.policy", "compact")),
            new Topic("features-dlq", 1, Map.of()),
            new Topic("feature-drift", 1, Map.of()),
            new Topic("control", 1, Map.of("retention.ms", "-1", "retention.bytes", "-1")),
            new Topic("features-serving", FEATURE_PARTITIONS, Map.of()),
            new Topic("features-serving-normalized", FEATURE_PARTITIONS, Map.of()),
            new Topic("features-serving-dlq", 1, Map.of()));

    private ClusterTopics() {}

    /** Creates every topic that does not exist yet. */
    static void create(Admin admin) {
        for (Topic t : ALL) {
            try {
                admin.createTopics(List.of(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())))
                        .all()
                        .get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw ClusterException.failure("cannot create topic " + t.name() + ": " + e.getCause(), e);
                }
            } catch (Exception e) {
                throw ClusterException.failure("cannot create topic " + t.name() + ": " + e, e);
            }
        }
    }
}
