package io.streamingbatchnorm.bench.replay;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.flink.replay.ReplayCluster;
import io.streamingbatchnorm.testkit.ReplayRun;
import io.streamingbatchnorm.testkit.Replayer;
import io.streamingbatchnorm.testkit.TestkitAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.flink.configuration.Configuration;

/**
 * How long a testkit replay takes in a test suite: the first one in a fresh JVM (the cluster starts with it, as
 * when a test class's extension starts) and then the same replay with the cluster warm, as every later test of
 * the class runs it.
 */
public final class TestkitBenchmark {
    public static final String FLAGS = "[--records 1000] [--keys 8] [--dimension 16] [--runs 11]";

    private TestkitBenchmark() {}

    public static void run(Args args) throws Exception {
        int records = args.integer("records", 1000);
        int keys = args.integer("keys", 8);
        int dimension = args.integer("dimension", 16);
        int runs = args.integer("runs", 11);
        args.requireAllUsed();
        long jvmStart = ProcessHandle.current()
                .info()
                .startInstant()
                .map(i -> i.toEpochMilli())
                .orElse(0L);
        Path dir = Files.createTempDirectory("testkit-bench");
        long t0 = System.nanoTime();
        double[] seconds = new double[runs];
        double first;
        try (ReplayCluster cluster = ReplayCluster.start(2, new Configuration())) {
            double clusterStart = (System.nanoTime() - t0) / 1e9;
            Replayer replayer = TestkitAccess.replayer(cluster, dir);
            first = clusterStart + time(replayer, records, keys, dimension);
            for (int i = 0; i < runs; i++) {
                seconds[i] = time(replayer, records, keys, dimension);
            }
        }
        double sinceJvmStart = (System.currentTimeMillis() - jvmStart) / 1e3;
        Arrays.sort(seconds);
        System.out.printf(
                "testkit: %,d records, %d keys, dimension %d, %d warm runs%n%n", records, keys, dimension, runs);
        System.out.println(new Table("replay", "seconds")
                .row("first (cluster start + replay)", Table.num(first, 3))
                .row("warm, median", Table.num(seconds[runs / 2], 3))
                .row("warm, fastest", Table.num(seconds[0], 3))
                .row("warm, slowest", Table.num(seconds[runs - 1], 3))
                .row("whole JVM so far", Table.num(sinceJvmStart, 1)));
        System.out.println(ProcessMeter.machineLoad());
    }

    private static double time(Replayer replayer, int records, int keys, int dimension) throws Exception {
        FeatureData data = new FeatureData(3, dimension);
        long start = System.nanoTime();
        ReplayRun run = replayer.replay().option("batch-size", "32");
        for (int i = 0; i < records; i++) {
            run.record(FeatureData.key(i, keys), FeatureData.T0 + i, "r" + i, data.vector());
        }
        if (run.run().outputs().size() != records) {
            throw new IllegalStateException("the replay lost records");
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
