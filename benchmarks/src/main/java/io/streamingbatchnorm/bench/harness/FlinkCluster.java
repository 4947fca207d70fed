package io.streamingbatchnorm.bench.harness;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster kept running across the jobs of a benchmark, so that each job pays job start-up
 * only, not cluster start-up; it also exposes what a per-job environment hides (checkpoint triggers and
 * checkpoint statistics).
 */
public final class FlinkCluster implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 300;

    private final MiniCluster cluster;

    private FlinkCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /** One task manager with {@code slots} slots; {@code base} adds cluster settings (state backend...). */
    public static FlinkCluster start(int slots, Configuration base) throws Exception {
        Configuration conf = new Configuration(base);
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new FlinkCluster(cluster);
    }

    public JobID submit(StreamGraph graph) throws Exception {
        if (graph.getOptionalJobId().isEmpty()) {
            graph.setJobId(new JobID());
        }
        return cluster.submitJob(graph).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getJobID();
    }

    /** Waits until the job has finished, and fails if it did not succeed. */
    public void awaitSuccess(JobID job, Duration timeout) throws Exception {
        var result = cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!result.isSuccess()) {
            throw new IllegalStateException(
                    "job " + job + " failed",
                    result.getSerializedThrowable().map(t -> (Throwable) t).orElse(null));
        }
    }

    /** Cancels the job and waits until it has stopped. */
    public void cancel(JobID job) throws Exception {
        JobStatus status = cluster.getJobStatus(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) {
            cluster.cancelJob(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        cluster.requestJobResult(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Throws the job's failure if it has failed; meant to be polled while waiting for its output. */
    public void requireNotFailed(JobID job) {
        try {
            if (status(job) == JobStatus.FAILED) {
                var result = cluster.requestJobResult(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "job " + job + " failed",
                        result.getSerializedThrowable().map(t -> (Throwable) t).orElse(null));
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask the cluster for the status of job " + job, e);
        }
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Triggers a checkpoint and returns its location once it has completed. */
    public String checkpoint(JobID job) throws Exception {
        return cluster.triggerCheckpoint(job).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    public CheckpointStatsSnapshot checkpointStats(JobID job) throws Exception {
        return cluster.getExecutionGraph(job)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .getCheckpointStatsSnapshot();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the Flink MiniCluster did not shut down cleanly", e);
        }
    }
}
