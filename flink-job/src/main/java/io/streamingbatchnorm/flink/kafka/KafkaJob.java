package io.streamingbatchnorm.flink.kafka;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.config.Delivery;
import io.streamingbatchnorm.flink.FlinkEnvironments;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.JobStreams;
import io.streamingbatchnorm.flink.NormalizationPipeline;
import io.streamingbatchnorm.flink.control.ControlWatermarks;
import io.streamingbatchnorm.flink.model.ControlInput;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The normalization job on Kafka: features and control topics in; normalized records, statistics
 * snapshots, dead letters and drift events out, exactly once by default (DESIGN 6).
 */
public final class KafkaJob {
    private KafkaJob() {}

    /** Checks the brokers, reads the commands already in the control topic, builds the job and starts it. */
    public static JobClient start(JobConfig job, NormalizerConfig config, Configuration flinkConf) throws Exception {
        BrokerChecks.verify(job);
        List<StoredCommand> known = ControlTopicReader.readAll(job, config);
        StreamExecutionEnvironment env = environment(job, flinkConf);
        build(env, job, config, known);
        return env.executeAsync("streaming-batchnorm " + job.featuresTopic());
    }

    /** An environment with the job's checkpointing, state backend and parallelism. */
    public static StreamExecutionEnvironment environment(JobConfig job, Configuration flinkConf) {
        Configuration conf = new Configuration(flinkConf);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, job.checkpointInterval());
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                job.delivery() == Delivery.EXACTLY_ONCE
                        ? CheckpointingMode.EXACTLY_ONCE
                        : CheckpointingMode.AT_LEAST_ONCE);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, job.bufferTimeout());
        if (!flinkConf.contains(ExecutionOptions.SNAPSHOT_COMPRESSION)) {
            // Besides making snapshots smaller, the compressed stream reads the file in blocks: the heap
            // backend reads uncompressed state from a local file a few bytes per system call, which made
            // restoring 100,000 keys take 18 s instead of 1 s (docs/benchmarks.md, state at scale).
            conf.set(ExecutionOptions.SNAPSHOT_COMPRESSION, true);
        }
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                job.stateBackend() == JobConfig.StateBackend.ROCKSDB ? "rocksdb" : "hashmap");
        if (job.stateBackend() == JobConfig.StateBackend.ROCKSDB
                && !flinkConf.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)) {
            // Every record of a new key looks up state that is not there yet; without bloom filters each miss
            // reads index and data blocks of every level, and ingest of new keys slowed to 250 keys/s as
            // the store grew towards a million keys, against 7,400/s with them (docs/benchmarks.md).
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        }
        if (job.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, job.checkpointDir());
        }
        return FlinkEnvironments.streaming(conf, job.parallelism());
    }

    /**
     * Adds the sources, the normalization dataflow and the sinks to {@code env}.
     *
     * @param knownCommands valid commands already in the control topic when the job was submitted
     */
    public static void build(
            StreamExecutionEnvironment env, JobConfig job, NormalizerConfig config, List<StoredCommand> knownCommands) {
        JobStreams out = NormalizationPipeline.build(
                features(env, job, config),
                control(env, job),
                knownCommands,
                config,
                new KafkaDeadLetterFactory(job.featuresTopic(), job.controlTopic()));
        sinks(out, job);
    }

    /** The features topic, decoded, with event-time watermarks that tolerate idle partitions. */
    public static DataStream<InputEvent> features(
            StreamExecutionEnvironment env, JobConfig job, NormalizerConfig config) {
        KafkaSource<InputEvent> source =
                source(job, job.featuresTopic(), new KafkaFeatureDeserializer(config, InputLimits.of(job)));
        WatermarkStrategy<InputEvent> watermarks = WatermarkStrategy.<InputEvent>forBoundedOutOfOrderness(
                        config.maxOutOfOrderness())
                .withTimestampAssigner((e, previous) -> e.timestamp())
                .withIdleness(job.idleness());
        return env.fromSource(source, watermarks, "features").uid("features-source");
    }

    /** The control topic, decoded, read from its start: broadcast state drops ids it already holds. */
    public static DataStream<ControlInput> control(StreamExecutionEnvironment env, JobConfig job) {
        var builder = KafkaSource.<ControlInput>builder()
                .setBootstrapServers(job.bootstrapServers())
                .setProperties(job.clientProperties())
                .setTopics(job.controlTopic())
                .setGroupId(job.groupId() + "-control")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaControlDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (job.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(
                        builder.build(), WatermarkStrategy.forGenerator(ctx -> new ControlWatermarks()), "control")
                .uid("control-source")
                .setParallelism(1);
    }

    /** Writes the four outputs to their topics. */
    public static void sinks(JobStreams out, JobConfig job) {
        out.normalized()
                .sinkTo(sink(job, "normalized", KafkaOutputSerializers.normalized(job.outputTopic())))
                .uid("normalized-sink")
                .name("normalized records");
        out.stats()
                .sinkTo(sink(job, "stats", KafkaOutputSerializers.stats(job.statsTopic())))
                .uid("stats-sink")
                .name("stats snapshots");
        out.deadLetters()
                .sinkTo(sink(job, "dlq", KafkaOutputSerializers.deadLetters(job.dlqTopic())))
                .uid("dlq-sink")
                .name("dead letters");
        out.drift()
                .sinkTo(sink(job, "drift", KafkaOutputSerializers.drift(job.driftTopic())))
                .uid("drift-sink")
                .name("drift events");
    }

    private static <T> KafkaSource<T> source(
            JobConfig job,
            String topic,
            org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<T>
                    deserializer) {
        var builder = KafkaSource.<T>builder()
                .setBootstrapServers(job.bootstrapServers())
                .setProperties(job.clientProperties())
                .setTopics(topic)
                .setGroupId(job.groupId())
                .setDeserializer(deserializer)
                .setProperty("isolation.level", "read_committed")
                .setStartingOffsets(
                        switch (job.startingOffsets()) {
                            case EARLIEST -> OffsetsInitializer.earliest();
                            case LATEST -> OffsetsInitializer.latest();
                            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                        });
        if (job.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static <T> KafkaSink<T> sink(JobConfig job, String name, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = job.clientProperties();
        producer.setProperty(
                "transaction.timeout.ms", Long.toString(job.transactionTimeout().toMillis()));
        boolean exactlyOnce = job.delivery() == Delivery.EXACTLY_ONCE;
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(job.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix(job.groupId() + "-" + name);
        }
        return builder.build();
    }
}
