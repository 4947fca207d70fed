package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.flink.replay.ReplayCluster;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** A {@link Replayer} on a cluster started outside JUnit, for benchmarks and tools that manage the cluster themselves. */
public final class TestkitAccess {
    private TestkitAccess() {}

    public static Replayer replayer(ReplayCluster cluster, Path workDir) {
        return new Replayer(CompletableFuture.completedFuture(cluster), cluster.slots(), workDir);
    }

    /** A {@link Replayer} on a cluster of {@code slots} slots that may still be starting, as the extension has. */
    public static Replayer replayer(CompletableFuture<ReplayCluster> cluster, int slots, Path workDir) {
        return new Replayer(cluster, slots, workDir);
    }
}
