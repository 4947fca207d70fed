package io.streamingbatchnorm.bench.replay;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.Spread;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.harness.Directories;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code normalize replay} against two single-threaded Jackson parse-and-write baselines of the same generated
 * file ({@link ParseWriteBaseline}: Jackson as it comes, and Jackson with the fast double parser and writer), each
 * in a JVM of its own, in an order that rotates round by round so that all see the same load; medians over the
 * rounds and the replay's ratio to each baseline are printed per file size.
 */
public final class ReplayBenchmark {
    public static final String FLAGS = "[--records 1000000] [--keys 8] [--dimension 16] [--parallelism 2] "
            + "[--batch-size 32] [--rounds 3] [--normalize ./normalize] [--dir /tmp]";

    private ReplayBenchmark() {}

    public static void run(Args args) throws Exception {
        List<String> sizes = args.list("records", "1000000");
        int keys = args.integer("keys", 8);
        int dimension = args.integer("dimension", 16);
        int parallelism = args.integer("parallelism", 2);
        int batchSize = args.integer("batch-size", 32);
        int rounds = args.integer("rounds", 3);
        String normalize = args.string("normalize", "./normalize");
        Path dir = Files.createTempDirectory(
                Path.of(args.string("dir", System.getProperty("java.io.tmpdir"))), "replay-bench");
        args.requireAllUsed();
        if (!ChildRun.available()) {
            throw new IllegalStateException("the replay benchmark needs /usr/bin/time (Debian package 'time')");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        // The baselines run on this JVM's class path: the benchmarks jar, or the module's classes in its smoke test.
        String classPath = System.getProperty("java.class.path");

        Table runs = new Table("records", "round", "run", "wall s", "CPU s", "peak RSS MiB");
        Table summary = new Table(
                "records",
                "Jackson wall s",
                "Jackson, fast doubles, wall s",
                "replay wall s",
                "replay / Jackson",
                "replay / Jackson, fast doubles",
                "Jackson CPU s",
                "fast doubles CPU s",
                "replay CPU s",
                "replay peak RSS MiB",
                "replay records/s");
        for (String size : sizes) {
            int records = Integer.parseInt(size.replace("_", ""));
            Path in = ReplayInputFile.write(dir.resolve("in-" + records + ".jsonl"), records, keys, dimension);
            Path out = dir.resolve("out.jsonl");
            Map<String, List<String>> commands = new LinkedHashMap<>();
            for (ParseWriteBaseline.Doubles doubles : ParseWriteBaseline.Doubles.values()) {
                commands.put(
                        label(doubles),
                        List.of(
                                java,
                                "-cp",
                                classPath,
                                ParseWriteBaseline.class.getName(),
                                in.toString(),
                                out.toString(),
                                doubles.name()));
            }
            commands.put("replay", replayCommand(normalize, in, out, parallelism, batchSize));
            List<String> names = new ArrayList<>(commands.keySet());
            Map<String, List<ChildRun>> results = new LinkedHashMap<>();
            for (int r = 1; r <= rounds; r++) {
                // Rotate which goes first, so none always runs after another's page-cache and JIT effects.
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((r + k) % names.size());
                    ChildRun run = ChildRun.of(commands.get(name), dir.resolve("run.log"));
                    results.computeIfAbsent(name, n -> new ArrayList<>()).add(run);
                    runs.row(
                            records,
                            r,
                            name,
                            Table.num(run.wallSeconds(), 2),
                            Table.num(run.cpuSeconds(), 2),
                            Table.num(run.peakRssKib() / 1024.0, 0));
                    System.err.printf("%,d records, round %d: %s %s%n", records, r, name, run);
                }
            }
            List<ChildRun> defaults = results.get(label(ParseWriteBaseline.Doubles.JACKSON_DEFAULTS));
            List<ChildRun> fast = results.get(label(ParseWriteBaseline.Doubles.FAST));
            List<ChildRun> replay = results.get("replay");
            double defaultsWall = median(defaults, ChildRun::wallSeconds);
            double fastWall = median(fast, ChildRun::wallSeconds);
            double replayWall = median(replay, ChildRun::wallSeconds);
            summary.row(
                    records,
                    Table.num(defaultsWall, 2),
                    Table.num(fastWall, 2),
                    Table.num(replayWall, 2),
                    Table.num(replayWall / defaultsWall, 2),
                    Table.num(replayWall / fastWall, 2),
                    Table.num(median(defaults, ChildRun::cpuSeconds), 2),
                    Table.num(median(fast, ChildRun::cpuSeconds), 2),
                    Table.num(median(replay, ChildRun::cpuSeconds), 2),
                    Table.num(median(replay, c -> c.peakRssKib() / 1024.0), 0),
                    Table.num(records / replayWall, 0));
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
        System.out.printf(
                "replay: %d keys, dimension %d, parallelism %d, batches of %d, %d rounds%n%n",
                keys, dimension, parallelism, batchSize, rounds);
        System.out.println(runs);
        System.out.println(summary);
        System.out.println(ProcessMeter.machineLoad());
        Directories.delete(dir);
    }

    private static String label(ParseWriteBaseline.Doubles doubles) {
        return doubles == ParseWriteBaseline.Doubles.FAST ? "Jackson, fast doubles" : "Jackson";
    }

    /** {@code normalize replay} of {@code in} into {@code out}, as both replay benchmarks run it. */
    static List<String> replayCommand(String normalize, Path in, Path out, int parallelism, int batchSize) {
        return List.of(
                normalize,
                "replay",
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--parallelism",
                Integer.toString(parallelism),
                "--batch-size",
                Integer.toString(batchSize));
    }

    private static double median(List<ChildRun> runs, ToDoubleFunction<ChildRun> f) {
        return Spread.median(runs.stream().map(f::applyAsDouble).toList());
    }
}
