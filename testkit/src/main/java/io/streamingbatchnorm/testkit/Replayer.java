package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.flink.replay.ReplayCluster;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Starts replays on the cluster of a {@link ReplayExtension}; a test gets one as a parameter. */
public final class Replayer {
    private final CompletableFuture<ReplayCluster> cluster;
    private final int slots;
    private final Path workDir;

    /** Replays on {@code cluster} of {@code slots} slots, which may still be starting. */
    Replayer(CompletableFuture<ReplayCluster> cluster, int slots, Path workDir) {
        this.cluster = cluster;
        this.slots = slots;
        this.workDir = workDir;
    }

    /** A new replay to describe and {@link ReplayRun#run}. */
    public ReplayRun replay() {
        return new ReplayRun(cluster, slots, workDir);
    }
}
