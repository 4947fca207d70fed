package io.streamingbatchnorm.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Execution environments with the settings every run of the job shares: every type has a Flink serializer
 * (generic types, which would fall back to Kryo, are refused) and chained operators pass objects on without
 * copying (no function mutates a record it has emitted). Outside a cluster the environment is a local
 * MiniCluster, unless the configuration targets a remote one ({@code execution.target: remote}).
 */
public final class FlinkEnvironments {
    private FlinkEnvironments() {}

    /**
     * An environment for the job that runs until stopped. Its restart strategy is Flink's unless {@code base}
     * sets one: for a checkpointed job, restarts with exponential delay, so that a broker restart or a lost
     * TaskManager does not stop it for good.
     */
    public static StreamExecutionEnvironment streaming(Configuration base, int parallelism) {
        return create(new Configuration(base), parallelism);
    }

    /**
     * An environment for a bounded run (a replay, reading a savepoint): it fails at the first error, unless
     * {@code base} sets a restart strategy, since its input does not change on a second attempt.
     */
    public static StreamExecutionEnvironment bounded(Configuration base, int parallelism) {
        Configuration conf = new Configuration(base);
        if (!conf.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        return create(conf, parallelism);
    }

    private static StreamExecutionEnvironment create(Configuration conf, int parallelism) {
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // getExecutionEnvironment would make a local MiniCluster out of a configuration that names a remote
        // cluster (rest.address, rest.port and the job jar in pipeline.jars); 'normalize run --jobmanager' sets one.
        StreamExecutionEnvironment env = "remote".equals(conf.get(DeploymentOptions.TARGET))
                ? new StreamExecutionEnvironment(conf)
                : StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
