package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.flink.replay.ReplayCluster;
import java.nio.file.Path;

/** Starts replays on the cluster of a {@link ReplayExtension}; a test gets one as a parameter. */
public final class Replayer {
    private final ReplayCluster cluster;
    private final Path workDir;

    Replayer(ReplayCluster cluster, Path workDir) {
        this.cluster = cluster;
        this.workDir = workDir;
    }

    /** A new replay to describe and {@link ReplayRun#run}. */
    public ReplayRun replay() {
        return new ReplayRun(cluster, workDir);
    }
}
