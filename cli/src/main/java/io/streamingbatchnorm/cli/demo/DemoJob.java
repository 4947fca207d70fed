package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.JobStreams;
import io.streamingbatchnorm.flink.NormalizationPipeline;
import io.streamingbatchnorm.flink.io.KafkaDeadLetterFactory;
import io.streamingbatchnorm.flink.kafka.BrokerChecks;
import io.streamingbatchnorm.flink.kafka.ControlTopicReader;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The normalization job as {@code normalize run} starts it ({@link KafkaJob}'s broker checks, sources,
 * dataflow and sinks), with one difference: the control topic is read to its end as of the start, and
 * then that input finishes. The demo sends every command before the job starts, so none is missed. A
 * control input that never ends emits no watermarks and holds back the event time of the whole dataflow,
 * so the weather demo's weekly event-time batches would only close when the job is drained at the end,
 * after the eval-mode records had been normalized.
 */
final class DemoJob {
    private DemoJob() {}

    static JobClient start(JobConfig job, NormalizerConfig config) throws Exception {
        BrokerChecks.verify(job);
        List<StoredCommand> known = ControlTopicReader.readAll(job, config);
        StreamExecutionEnvironment env = KafkaJob.environment(job, new Configuration());
        JobStreams out = NormalizationPipeline.build(KafkaJob.features(env, job, config), KafkaJob.control(env, job.asBounded()),
                known, config, new KafkaDeadLetterFactory(job.featuresTopic(), job.controlTopic()));
        KafkaJob.sinks(out, job);
        return env.executeAsync("streaming-batchnorm demo");
    }
}
