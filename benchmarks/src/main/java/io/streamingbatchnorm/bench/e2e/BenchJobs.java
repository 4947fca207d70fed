package io.streamingbatchnorm.bench.e2e;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.flink.deadletter.SplitRejected;
import io.streamingbatchnorm.flink.kafka.BrokerChecks;
import io.streamingbatchnorm.flink.kafka.ControlTopicReader;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.JobTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The job graphs the end-to-end benchmarks submit: the product's job, and passthroughs to compare it with. */
public final class BenchJobs {
    private BenchJobs() {}

    /**
     * The job's configuration for one run's topics, reading the features from their start in the run's own
     * consumer group {@code run}; {@code flags} adds or overrides job flags (delivery, parallelism...).
     */
    public static JobConfig config(JobTopics topics, String run, Map<String, String> flags) {
        return config(topics.topicFlags(run), flags);
    }

    /** The job's configuration from the flags naming its topics and {@code flags}, which add or override. */
    public static JobConfig config(Map<String, String> topicFlags, Map<String, String> flags) {
        Map<String, String> all = new LinkedHashMap<>(topicFlags);
        all.putAll(flags);
        return JobOptions.parse(all);
    }

    /** Puts every key in eval mode from the first record on: an EVAL for {@code *} without effective time. */
    public static void sendEvalForAllKeys(JobTopics topics) {
        sendEvalForAllKeys(topics.bootstrapServers(), topics.control);
    }

    /** Like {@link #sendEvalForAllKeys(JobTopics)}, to the control topic {@code control}. */
    public static void sendEvalForAllKeys(String bootstrapServers, String control) {
        ControlCommand c = ControlCommand.newBuilder()
                .setId("bench-eval-all")
                .setKey("*")
                .setCommand(CommandType.EVAL)
                .setEffectiveTime(null)
                .setGamma(null)
                .setBeta(null)
                .setMomentum(null)
                .setEpsilon(null)
                .setIssuer("benchmarks")
                .build();
        FeatureLoad.send(
                bootstrapServers,
                List.of(new ProducerRecord<>(
                        control,
                        0,
                        FeatureData.T0,
                        FeatureData.utf8("*"),
                        AvroWire.controlCommands().encode(c))));
    }

    /**
     * The normalization job exactly as {@code KafkaJob.start} builds it (broker checks, control topic read
     * up front, same environment), as a graph to submit to a running cluster.
     */
    public static StreamGraph normalization(JobConfig job, NormalizerConfig config, Configuration flinkConf) {
        BrokerChecks.verify(job);
        List<StoredCommand> known = ControlTopicReader.readAll(job, config);
        StreamExecutionEnvironment env = KafkaJob.environment(job, flinkConf);
        KafkaJob.build(env, job, config, known);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("streaming-batchnorm " + job.groupId());
        return graph;
    }

    /**
     * Reads the features topic as the job does (the same source, decoding and validation), encodes each
     * record again and writes it to the output topic: every cost of the job except normalization. With
     * {@code keyed}, the records also cross a keyBy exchange, as they do on their way to the control stage.
     */
    public static StreamGraph passthrough(
            JobConfig job, NormalizerConfig config, Configuration flinkConf, boolean keyed) {
        StreamExecutionEnvironment env = KafkaJob.environment(job, flinkConf);
        DataStream<FeatureEvent> features = KafkaJob.features(env, job, config)
                .process(new SplitRejected())
                .uid("split-rejected")
                .name("split rejected payloads");
        if (keyed) {
            features = features.keyBy(f -> f.key, Types.STRING);
        }
        features.map(new ReencodeFeature())
                .uid("reencode")
                .name("re-encode")
                .sinkTo(sink(job))
                .uid("passthrough-sink")
                .name("passthrough records");
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("passthrough " + job.groupId());
        return graph;
    }

    private static KafkaSink<EncodedRecord> sink(JobConfig job) {
        boolean exactlyOnce = job.delivery() == Delivery.EXACTLY_ONCE;
        var producer = job.clientProperties();
        producer.setProperty(
                "transaction.timeout.ms", Long.toString(job.transactionTimeout().toMillis()));
        var builder = KafkaSink.<EncodedRecord>builder()
                .setBootstrapServers(job.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new EncodedRecordSerializer(job.outputTopic()))
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix(job.groupId() + "-passthrough");
        }
        return builder.build();
    }
}
