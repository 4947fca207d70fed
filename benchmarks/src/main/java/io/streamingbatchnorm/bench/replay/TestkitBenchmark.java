package io.streamingbatchnorm.bench.replay;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.Spread;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.harness.Directories;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.flink.replay.ReplayCluster;
import io.streamingbatchnorm.testkit.ReplayRun;
import io.streamingbatchnorm.testkit.Replayer;
import io.streamingbatchnorm.testkit.TestkitAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * How long a testkit replay takes in a test suite, set against {@code normalize replay} of the same file in the
 * same run: the first testkit replay in a fresh JVM (the cluster starts with it, as when a test class's extension
 * starts; each in a JVM of its own, alternating with the command), then the same replay with the cluster warm, as
 * every later test of the class runs it.
 */
public final class TestkitBenchmark {
    public static final String FLAGS =
            "[--records 1000] [--keys 8] [--dimension 16] [--runs 11] [--firsts 5] [--normalize ./normalize]";

    private TestkitBenchmark() {}

    public static void run(Args args) throws Exception {
        int records = args.integer("records", 1000);
        int keys = args.integer("keys", 8);
        int dimension = args.integer("dimension", 16);
        int runs = args.integer("runs", 11);
        int firsts = args.integer("firsts", 5);
        String normalize = args.string("normalize", "./normalize");
        args.requireAllUsed();
        Path dir = Files.createTempDirectory("testkit-bench");
        Path input = ReplayInputFile.write(dir.resolve("input.jsonl"), records, keys, dimension);
        List<String> lines = Files.readAllLines(input);

        double[] first = new double[firsts];
        double[] clusterStart = new double[firsts];
        double[] command = new double[firsts];
        if (firsts > 0 && !ChildRun.available()) {
            throw new IllegalStateException("--firsts needs /usr/bin/time (Debian package 'time'); use --firsts 0");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < firsts; i++) {
            // Alternate which goes first, so neither always runs after the other's page-cache effects.
            for (int k = 0; k < 2; k++) {
                Path log = dir.resolve("run.log");
                if ((i + k) % 2 == 0) {
                    ChildRun.of(
                            List.of(
                                    java,
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    TestkitFirstReplay.class.getName(),
                                    input.toString()),
                            log);
                    String[] f = Files.readAllLines(log).stream()
                            .filter(l -> l.startsWith(TestkitFirstReplay.PREFIX))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("no timing in " + log))
                            .split(" ");
                    first[i] = Double.parseDouble(f[1]);
                    clusterStart[i] = Double.parseDouble(f[2]);
                } else {
                    command[i] = ChildRun.of(
                                    ReplayBenchmark.replayCommand(normalize, input, dir.resolve("out.jsonl"), 1, 32),
                                    log)
                            .wallSeconds();
                }
            }
        }

        double[] warm = new double[runs];
        try (ReplayCluster cluster = ReplayCluster.start(2, new Configuration())) {
            Replayer replayer = TestkitAccess.replayer(cluster, dir);
            time(replayer, lines);
            for (int i = 0; i < runs; i++) {
                warm[i] = time(replayer, lines);
            }
        }
        System.out.printf(
                "testkit: %,d records, %d keys, dimension %d; %d first replays, %d warm%n%n",
                records, keys, dimension, firsts, runs);
        Table table = new Table("replay", "seconds");
        if (firsts > 0) {
            table.row("normalize replay, whole command, median", Table.num(median(command), 3))
                    .row("testkit, first in its JVM (cluster start + replay), median", Table.num(median(first), 3))
                    .row("  of which the cluster's start, median", Table.num(median(clusterStart), 3))
                    .row("testkit first / normalize replay", Table.num(median(first) / median(command), 2));
        }
        Arrays.sort(warm);
        if (runs > 0) {
            table.row("testkit, warm, median", Table.num(median(warm), 3))
                    .row("testkit, warm, fastest", Table.num(warm[0], 3))
                    .row("testkit, warm, slowest", Table.num(warm[runs - 1], 3));
        }
        System.out.println(table);
        System.out.println(ProcessMeter.machineLoad());
        Directories.delete(dir);
    }

    /** One testkit replay of {@code lines}, in seconds. */
    static double time(Replayer replayer, List<String> lines) throws Exception {
        long start = System.nanoTime();
        ReplayRun run = replayer.replay().option("batch-size", "32");
        lines.forEach(run::line);
        if (run.run().outputs().size() != lines.size()) {
            throw new IllegalStateException("the replay lost records");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        return Spread.median(Arrays.stream(values).boxed().toList());
    }
}
