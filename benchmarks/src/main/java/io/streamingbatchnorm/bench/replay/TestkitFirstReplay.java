package io.streamingbatchnorm.bench.replay;

import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayCluster;
import io.streamingbatchnorm.testkit.TestkitAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;

/**
 * The first testkit replay of a fresh JVM, as a test class pays for it: the cluster's start (in the background, as
 * the extension starts it) and one replay of the lines of a file. Run by {@link TestkitBenchmark} in a JVM of its
 * own; prints {@code PREFIX first clusterStart} in seconds.
 */
public final class TestkitFirstReplay {
    static final String PREFIX = "testkit-first";

    private TestkitFirstReplay() {}

    /** {@code INPUT}: a replay file of JSON lines. */
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        Path dir = Files.createTempDirectory("testkit-first");
        long start = System.nanoTime();
        CompletableFuture<ReplayCluster> cluster = ReplayCluster.startInBackground(2, new Configuration());
        CompletableFuture<Double> clusterStart = cluster.thenApply(c -> (System.nanoTime() - start) / 1e9);
        try {
            TestkitBenchmark.time(TestkitAccess.replayer(cluster, 2, dir), lines);
            double first = (System.nanoTime() - start) / 1e9;
            System.out.println(PREFIX + " " + first + " " + clusterStart.get());
        } finally {
            Replay.closeWhenStarted(cluster);
            // Each replay removes its own files; what is left is the empty directory.
            Files.deleteIfExists(dir);
        }
    }
}
