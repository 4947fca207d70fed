package io.streamingbatchnorm.flink.replay;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ResourceManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A local Flink MiniCluster for bounded replays. It can be started before the replay's job graph is built (the
 * command line starts it while it reads the control file) and run any number of replays one after another (a test
 * class runs all its replays on one), so that a replay pays for the cluster's start once at most.
 *
 * <p>Sized for replays: one task manager with a slot per parallel subtask and a small network buffer pool (a
 * replay's few exchanges need a few megabytes, not the 64 MiB a cluster reserves by default).
 */
public final class ReplayCluster implements AutoCloseable {
    private static final MemorySize NETWORK_MEMORY = MemorySize.ofMebiBytes(16);

    private final MiniCluster cluster;
    private final int slots;

    private ReplayCluster(MiniCluster cluster, int slots) {
        this.cluster = cluster;
        this.slots = slots;
    }

    /** Starts a cluster that runs replays of parallelism up to {@code slots}; {@code base} adds Flink settings. */
    public static ReplayCluster start(int slots, Configuration base) throws Exception {
        Configuration conf = new Configuration(base);
        if (!conf.contains(RestOptions.BIND_PORT)) {
            conf.set(RestOptions.BIND_PORT, "0");
        }
        if (!conf.contains(TaskManagerOptions.NETWORK_MEMORY_MIN)) {
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK_MEMORY);
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK_MEMORY);
        }
        // A replay's job asks for its slots once, all at a time, on a cluster that has nothing else to schedule: the
        // waits that batch the requests of a busy cluster only delay it (about 70 ms of a short replay's 250).
        if (!conf.contains(ResourceManagerOptions.REQUIREMENTS_CHECK_DELAY)) {
            conf.set(ResourceManagerOptions.REQUIREMENTS_CHECK_DELAY, Duration.ZERO);
        }
        if (!conf.contains(JobManagerOptions.SLOT_REQUEST_MAX_INTERVAL)) {
            conf.set(JobManagerOptions.SLOT_REQUEST_MAX_INTERVAL, Duration.ZERO);
        }
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new ReplayCluster(cluster, slots);
    }

    /** {@link #start} on another thread, so that the caller can prepare its job meanwhile. */
    public static CompletableFuture<ReplayCluster> startInBackground(int slots, Configuration base) {
        CompletableFuture<ReplayCluster> started = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        started.complete(start(slots, base));
                    } catch (Throwable t) {
                        started.completeExceptionally(t);
                    }
                },
                "replay-cluster-start");
        starter.setDaemon(true);
        starter.start();
        return started;
    }

    public int slots() {
        return slots;
    }

    /** Runs the job built in {@code env} to its end; throws its failure if it fails. */
    public JobExecutionResult execute(StreamExecutionEnvironment env, String name) throws Exception {
        if (env.getParallelism() > slots) {
            throw new IllegalArgumentException(
                    "parallelism " + env.getParallelism() + " needs more than the cluster's " + slots + " slots");
        }
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        JobID id = new JobID();
        graph.setJobId(id);
        cluster.submitJob(graph).get();
        JobResult result = cluster.requestJobResult(id).get();
        return result.toJobExecutionResult(Thread.currentThread().getContextClassLoader());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
