package io.streamingbatchnorm.bench.harness;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.embedded.EmbeddedKafka;
import io.streamingbatchnorm.flink.JobConfig;
import io.streamingbatchnorm.flink.JobOptions;
import io.streamingbatchnorm.schemas.AvroWire;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The output, stats, dead-letter and control topics of one benchmark run, reading a features topic that
 * runs may share; {@link #delete()} removes them again so that long benchmarks do not fill the disk.
 */
public final class BenchTopics {
    private final EmbeddedKafka kafka;
    public final String features;
    public final String output;
    public final String stats;
    public final String dlq;
    public final String control;
    public final String run;

    private BenchTopics(EmbeddedKafka kafka, String features, String run) {
        this.kafka = kafka;
        this.features = features;
        this.run = run;
        this.output = run + "-normalized";
        this.stats = run + "-stats";
        this.dlq = run + "-dlq";
        this.control = run + "-control";
    }

    /** Creates the run's topics; the output topic gets {@code outputPartitions} partitions. */
    public static BenchTopics create(EmbeddedKafka kafka, String features, String run, int outputPartitions) {
        BenchTopics t = new BenchTopics(kafka, features, run);
        kafka.createTopic(t.output, outputPartitions);
        kafka.createCompactedTopic(t.stats, 1);
        kafka.createTopic(t.dlq, 1);
        kafka.createControlTopic(t.control);
        return t;
    }

    /**
     * The job's configuration for these topics, reading the features from their start in its own
     * consumer group; {@code flags} adds or overrides job flags (delivery, parallelism...).
     */
    public JobConfig job(Map<String, String> flags) {
        Map<String, String> all = new HashMap<>();
        all.put("bootstrap-servers", kafka.bootstrapServers());
        all.put("features-topic", features);
        all.put("output-topic", output);
        all.put("stats-topic", stats);
        all.put("dlq-topic", dlq);
        all.put("control-topic", control);
        all.put("group-id", run);
        all.put("starting-offsets", "earliest");
        all.putAll(flags);
        return JobOptions.parse(all);
    }

    /** Puts every key in eval mode from the first record on: an EVAL for {@code *} without effective time. */
    public void sendEvalForAllKeys() {
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
                kafka.bootstrapServers(),
                List.of(new ProducerRecord<>(
                        control,
                        0,
                        FeatureData.T0,
                        FeatureData.utf8("*"),
                        AvroWire.controlCommands().encode(c))));
    }

    /** Deletes the run's topics. */
    public void delete() throws Exception {
        kafka.admin().deleteTopics(List.of(output, stats, dlq, control)).all().get(60, TimeUnit.SECONDS);
    }
}
