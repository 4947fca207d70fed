package io.streamingbatchnorm.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Execution environments with the settings every run of the job shares. */
public final class FlinkEnvironments {
    private FlinkEnvironments() {}

    /**
     * An environment (a local MiniCluster when run outside a cluster) where every type has a Flink
     * serializer (generic types, which would fall back to Kryo, are refused) and chained operators pass
     * objects on without copying (no function mutates a record it has emitted).
     */
    public static StreamExecutionEnvironment create(Configuration base, int parallelism) {
        Configuration conf = new Configuration(base);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        if (!conf.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
