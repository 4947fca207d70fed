package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.testing.JobTopics;
import java.util.Map;

/** The ITCases' job configurations, parsed from the flags {@code normalize run} takes, for a set of test topics. */
final class TestJobs {
    private TestJobs() {}

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
