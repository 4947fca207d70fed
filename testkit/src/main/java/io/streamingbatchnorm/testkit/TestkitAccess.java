package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.flink.replay.ReplayCluster;
import java.nio.file.Path;

/** A {@link Replayer} on a cluster started outside JUnit, for benchmarks and tools that manage the cluster themselves. */
public final class TestkitAccess {
    private TestkitAccess() {}

    public static Replayer replayer(ReplayCluster cluster, Path workDir) {
        return new Replayer(cluster, workDir);
    }
}
