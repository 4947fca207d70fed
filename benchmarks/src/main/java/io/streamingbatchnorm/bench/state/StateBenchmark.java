package io.streamingbatchnorm.bench.state;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.Table;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Keyed state at scale: one record per key (a train batch of one, folded in) creates every key's control
 * and statistics state; then a checkpoint is taken, the job cancelled, and a new job restored from the
 * checkpoint, once per state backend. Reports state size, checkpoint duration, restore time and memory.
 */
public final class StateBenchmark {
    public static final String FLAGS = "[--keys 100000,1000000] [--dimension 16] [--backends rocksdb,hashmap] "
            + "[--partitions 2] [--parallelism 1] [--checkpoint-root <temporary directory>] [--flink key=value,...]";

    private StateBenchmark() {}

    public static List<StateResult> run(Args args) throws Exception {
        List<Integer> keyCounts = new ArrayList<>();
        for (String k : args.list("keys", "100000,1000000")) {
            keyCounts.add(Integer.parseInt(k.replace("_", "")));
        }
        int dimension = args.integer("dimension", 16);
        List<String> backends = args.list("backends", "rocksdb,hashmap");
        int partitions = args.integer("partitions", 2);
        int parallelism = args.integer("parallelism", 1);
        String root = args.string("checkpoint-root", null);
        Configuration cluster = clusterSettings(args.list("flink", ""));
        args.requireAllUsed();
        Path checkpoints = root == null ? Files.createTempDirectory("sbn-state-bench") : Path.of(root);
        System.out.printf(
                "state: keys %s, dimension %d, backends %s, %d partitions, parallelism %d, checkpoints in %s, "
                        + "max heap %.0f MiB%n",
                keyCounts,
                dimension,
                backends,
                partitions,
                parallelism,
                checkpoints,
                ProcessMeter.mib(Runtime.getRuntime().maxMemory()));

        List<StateResult> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                FlinkCluster flink = FlinkCluster.start(parallelism, cluster)) {
            kafka.createTopic("state-probe", partitions);
            for (int keys : keyCounts) {
                String features = "state-features-" + keys;
                kafka.createTopic(features, partitions);
                FeatureLoad.load(kafka.bootstrapServers(), features, 0, keys, keys, dimension, 11);
                for (int i = 0; i < backends.size(); i++) {
                    String backend = backends.get(i);
                    StateRun run = new StateRun(
                            kafka,
                            flink,
                            features,
                            keys,
                            dimension,
                            backend,
                            parallelism,
                            checkpoints.resolve(backend + "-" + keys),
                            FeatureData.key(i, keys),
                            cluster);
                    StateResult r = run.measure();
                    results.add(r);
                    System.err.println(r);
                }
            }
        }
        System.out.println("finished with " + ProcessMeter.machineLoad());
        System.out.println(table(results));
        return results;
    }

    /** Flink settings for the cluster and the jobs, each {@code key=value}. */
    private static Configuration clusterSettings(List<String> pairs) {
        Map<String, String> map = new HashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--flink takes key=value pairs, got '" + pair + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Configuration.fromMap(map);
    }

    static Table table(List<StateResult> results) {
        Table t = new Table(
                "backend",
                "keys",
                "ingest records/s",
                "heap used +MiB (after GC)",
                "RSS +MiB",
                "checkpoint ms",
                "state size MiB (Flink)",
                "on disk MiB",
                "restore to first output s",
                "fresh start to first output s",
                "restored version ok");
        for (StateResult r : results) {
            t.row(
                    r.backend(),
                    Table.num(r.keys(), 0),
                    Table.num(r.ingestRate(), 0),
                    Table.num(ProcessMeter.mib(r.heapDeltaBytes()), 0),
                    Table.num(ProcessMeter.mib(r.rssDeltaBytes()), 0),
                    Table.num(r.checkpointMillis(), 0),
                    Table.num(ProcessMeter.mib(r.stateSizeBytes()), 1),
                    Table.num(ProcessMeter.mib(r.diskBytes()), 1),
                    Table.num(r.restoreSeconds(), 2),
                    Table.num(r.freshStartSeconds(), 2),
                    r.restoredVersionOk());
        }
        return t;
    }
}
