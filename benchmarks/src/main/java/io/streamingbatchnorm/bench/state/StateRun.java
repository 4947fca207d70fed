package io.streamingbatchnorm.bench.state;

import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.bench.e2e.BenchJobs;
import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.bench.harness.FeatureLoad;
import io.streamingbatchnorm.bench.harness.FlinkCluster;
import io.streamingbatchnorm.bench.harness.OutputWatch;
import io.streamingbatchnorm.bench.harness.ProcessMeter;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.testing.JobTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** One state backend at one number of keys: fill the state, checkpoint, cancel, restore. */
final class StateRun {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private final EmbeddedKafka kafka;
    private final FlinkCluster flink;
    private final String features;
    private final int keys;
    private final int dimension;
    private final String backend;
    private final int parallelism;
    private final Path checkpointDir;
    private final String probeKey;
    private final Configuration settings;
    private final Duration keyTtl;
    /** A batch of one record that folds in, so that every key ends with statistics at version 1. */
    private final NormalizerConfig config;

    /**
     * @param probeKey an existing key, different for each run over the same features topic, whose version
     *     proves the restore
     * @param settings Flink settings for the jobs, on top of the benchmark's own
     * @param keyTtl the job's {@code --key-ttl}, or null: keys never expire, and expiry is not measured
     */
    StateRun(
            EmbeddedKafka kafka,
            FlinkCluster flink,
            String features,
            int keys,
            int dimension,
            String backend,
            int parallelism,
            Path checkpointDir,
            String probeKey,
            Configuration settings,
            Duration keyTtl) {
        this.kafka = kafka;
        this.flink = flink;
        this.features = features;
        this.keys = keys;
        this.dimension = dimension;
        this.backend = backend;
        this.parallelism = parallelism;
        this.checkpointDir = checkpointDir;
        this.probeKey = probeKey;
        this.settings = settings;
        this.keyTtl = keyTtl;
        this.config = NormalizerConfig.builder()
                .batchSize(1)
                .minBatchSize(1)
                .keyTtl(keyTtl)
                .build();
    }

    StateResult measure() throws Exception {
        String run = "state-" + backend + "-" + keys;
        JobTopics topics = JobTopics.createReading(kafka, features, run, 2);
        JobConfig job = BenchJobs.config(topics, run, flags());
        Configuration flinkConf = new Configuration(settings);
        // Only the checkpoint triggered below is taken; it must survive the cancellation to be restored.
        flinkConf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

        long heapBefore = ProcessMeter.heapUsedAfterGc();
        long rssBefore = ProcessMeter.residentBytes();
        try (OutputWatch watch = new OutputWatch(kafka.bootstrapServers(), topics.output)) {
            // Earlier runs over the same topic added their probes: wait for every record, so the checkpoint has all.
            long inputs = countRecords(features);
            long t0 = System.nanoTime();
            JobID first = flink.submit(BenchJobs.normalization(job, config, flinkConf));
            OutputWatch.Timing ingest =
                    watch.await(0, inputs, t0, ProcessMeter.cpuNanos(), TIMEOUT, () -> flink.requireNotFailed(first));
            long heapDelta = ProcessMeter.heapUsedAfterGc() - heapBefore;
            long rssDelta = ProcessMeter.residentBytes() - rssBefore;

            CheckpointSize loaded = CheckpointSize.take(flink, first);
            flink.cancel(first);

            // A record for an existing key: the restored job resumes after the checkpointed offsets and reads it.
            // Its version is 2 only if the key's statistics (version 1) came back from the checkpoint.
            FeatureLoad.send(kafka.bootstrapServers(), List.of(probe()));
            long before = watch.count();
            StreamGraph restored = BenchJobs.normalization(job, config, flinkConf);
            restored.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(loaded.path(), false));
            long r0 = System.nanoTime();
            JobID second = flink.submit(restored);
            OutputWatch.Timing restore =
                    watch.await(before, 1, r0, ProcessMeter.cpuNanos(), TIMEOUT, () -> flink.requireNotFailed(second));
            boolean versionOk = probeVersion(topics.output) == 2;
            Expiry expiry = keyTtl == null
                    ? null
                    : KeyExpiry.measure(
                            kafka.bootstrapServers(),
                            flink,
                            second,
                            features,
                            keys,
                            dimension,
                            probeKey,
                            keyTtl,
                            TIMEOUT);
            flink.cancel(second);

            double fresh = freshStartSeconds(flinkConf);
            topics.delete();
            return new StateResult(
                    backend,
                    keys,
                    ingest.totalRate(),
                    heapDelta,
                    rssDelta,
                    loaded.millis(),
                    loaded.stateSizeBytes(),
                    loaded.diskBytes(),
                    restore.startupSeconds(),
                    fresh,
                    versionOk,
                    expiry);
        }
    }

    private Map<String, String> flags() {
        return Map.of(
                "delivery",
                "at-least-once",
                "parallelism",
                Integer.toString(parallelism),
                "state-backend",
                backend,
                "checkpoint-dir",
                checkpointDir.toUri().toString(),
                "checkpoint-interval",
                "1h",
                "transaction-timeout",
                "2h");
    }

    private ProducerRecord<byte[], byte[]> probe() {
        FeatureData data = new FeatureData(13, dimension);
        byte[] value = AvroWire.featureRecords().encode(data.record(probeKey, FeatureData.T0 + keys, "probe"));
        return new ProducerRecord<>(features, FeatureData.utf8(probeKey), value);
    }

    /**
     * The same job with no state on an input holding one record: what start-up to first output costs
     * without anything to restore.
     */
    private double freshStartSeconds(Configuration flinkConf) throws Exception {
        String run = "fresh-" + backend + "-" + keys;
        JobTopics topics = JobTopics.createReading(kafka, "state-probe", run, 1);
        try (OutputWatch watch = new OutputWatch(kafka.bootstrapServers(), topics.output)) {
            if (watch.count() == 0 && countRecords("state-probe") == 0) {
                FeatureLoad.send(
                        kafka.bootstrapServers(),
                        List.of(new ProducerRecord<>("state-probe", probe().key(), probe().value())));
            }
            long t0 = System.nanoTime();
            JobID id = flink.submit(BenchJobs.normalization(BenchJobs.config(topics, run, flags()), config, flinkConf));
            OutputWatch.Timing t = watch.await(0, 1, t0, ProcessMeter.cpuNanos(), TIMEOUT);
            flink.cancel(id);
            return t.startupSeconds();
        } finally {
            topics.delete();
        }
    }

    private long countRecords(String topic) {
        try (OutputWatch w = new OutputWatch(kafka.bootstrapServers(), topic)) {
            return w.count();
        }
    }

    /** The stats version the restored job gave the probe: 2 if its key's version 1 was restored, 1 if not. */
    private long probeVersion(String output) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(output)) {
                partitions.add(new TopicPartition(output, info.partition()));
            }
            consumer.assign(partitions);
            var end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(0, end.get(tp) - 1));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    NormalizedRecord out = AvroWire.normalizedRecords().decode(r.value());
                    if ("probe".equals(out.getId()) && probeKey.equals(out.getKey())) {
                        return out.getStatsVersion();
                    }
                }
            }
        }
        return -1;
    }
}
