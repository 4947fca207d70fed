package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.testing.JobTopics;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The ITCases' job configurations, parsed from the flags {@code normalize run} takes, for a set of test topics. */
final class TestJobs {
    private TestJobs() {}

    /**
     * One MiniCluster for every job of a test class, instead of one per job: registered on a static field, it
     * serves {@code StreamExecutionEnvironment.getExecutionEnvironment}, through which the job, the replay and
     * the tests' own pipelines are built. Four slots fit the largest parallelism the tests use (3).
     */
    static MiniClusterExtension sharedCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(4)
                .build());
    }

    /** Reads what the topics hold now, then finishes. */
    static JobConfig bounded(JobTopics topics, String groupId, int parallelism) {
        return job(topics, groupId, Map.of("parallelism", Integer.toString(parallelism), "bounded", "true"));
    }

    /** Runs until it is stopped. */
    static JobConfig unbounded(JobTopics topics, String groupId, int parallelism) {
        return job(topics, groupId, Map.of("parallelism", Integer.toString(parallelism)));
    }

    /** {@link JobTopics#jobFlags} with {@code more} flags. */
    static JobConfig job(JobTopics topics, String groupId, Map<String, String> more) {
        return JobOptions.parse(topics.jobFlags(groupId, more));
    }
}
