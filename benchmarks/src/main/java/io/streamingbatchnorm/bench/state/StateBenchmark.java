package io.streamingbatchnorm.bench.state;

import io.streamingbatchnorm.bench.Args;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.JobCounters;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Keyed state at scale: one record per key (a train batch of one, folded in) creates every key's control
 * and statistics state; then a checkpoint is taken, the job cancelled, and a new job restored from the
 * checkpoint, once per state backend. Reports state size, checkpoint duration, restore time and memory.
 */
public final class StateBenchmark {
    public static final String FLAGS = "[--keys 100000,1000000] [--dimension 16] [--backends rocksdb,hashmap] "
            + "[--partitions 2] [--parallelism 1] [--key-ttl <duration, e.g. 1h>] "
            + "[--checkpoint-root <temporary directory>] [--flink key=value,...]";

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
        String ttlFlag = args.string("key-ttl", null);
        Duration keyTtl = ttlFlag == null ? null : Durations.parse("key-ttl", ttlFlag);
        String root = args.string("checkpoint-root", null);
        // Flink settings for the cluster and the jobs.
        Configuration cluster = Configuration.fromMap(args.pairs("flink"));
        args.requireAllUsed();
        requireTtlBeyondLoad(keyTtl, keyCounts);
        Path checkpoints = root == null ? Files.createTempDirectory("sbn-state-bench") : Path.of(root);
        System.out.printf(
                "state: keys %s, dimension %d, backends %s, %d partitions, parallelism %d, key TTL %s, "
                        + "checkpoints in %s, max heap %.0f MiB%n",
                keyCounts,
                dimension,
                backends,
                partitions,
                parallelism,
                keyTtl == null ? "(none)" : Durations.format(keyTtl),
                checkpoints,
                ProcessMeter.mib(Runtime.getRuntime().maxMemory()));

        List<StateResult> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                FlinkCluster flink = FlinkCluster.start(parallelism, JobCounters.enable(cluster))) {
            kafka.createTopic("state-probe", partitions);
            for (int keys : keyCounts) {
                String shared = "state-features-" + keys;
                for (int i = 0; i < backends.size(); i++) {
                    String backend = backends.get(i);
                    // The records that move event time past the TTL would expire every key of a later run on the
                    // same topic while it loads, so with a TTL each run has its own.
                    String features = keyTtl == null ? shared : shared + "-" + backend;
                    if (keyTtl != null || i == 0) {
                        kafka.createTopic(features, partitions);
                        FeatureLoad.load(kafka.bootstrapServers(), features, 0, keys, keys, dimension, 11);
                    }
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
                            cluster,
                            keyTtl);
                    StateResult r = run.measure();
                    results.add(r);
                    System.err.println(r);
                }
            }
        }
        System.out.println("finished with " + ProcessMeter.machineLoad());
        System.out.println(StateReport.table(results));
        if (keyTtl != null) {
            System.out.println(StateReport.expiry(results));
        }
        return results;
    }

    /**
     * Record i of the load has event time {@code T0 + i} ms: a TTL within that span would expire the first keys
     * while the last ones load, and the checkpoint "after loading" would not hold every key.
     */
    private static void requireTtlBeyondLoad(Duration ttl, List<Integer> keyCounts) {
        int most = keyCounts.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (ttl != null && ttl.toMillis() <= most + Duration.ofMinutes(1).toMillis()) {
            throw new IllegalArgumentException("--key-ttl must exceed the event-time span of the loaded keys (" + most
                    + " ms) by more than a minute; got " + Durations.format(ttl));
        }
    }
}
