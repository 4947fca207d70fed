package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import io.streamingbatchnorm.kafka.serving.SafeTimestampExtractor;
import io.streamingbatchnorm.kafka.serving.ServingInputDeserializer;
import io.streamingbatchnorm.kafka.serving.ServingProcessor;
import io.streamingbatchnorm.kafka.stats.StatsStore;
import io.streamingbatchnorm.kafka.stats.StatsUpdater;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;

/**
 * The serving application's dataflow:
 *
 * <pre>
 * stats-topic  --&gt; stats-source --&gt; stats-updater --&gt; [feature-stats-store] (global: every instance, every key)
 *                                                            | read
 * input-topic  --&gt; serving-source --&gt; serving-normalizer --+--&gt; normalized-sink --&gt; output-topic
 *                  (decode; bad bytes: deserialization    +--&gt; dead-letter-sink --&gt; dlq-topic
 *                   handler writes the dead letter)
 * </pre>
 *
 * There is no repartition and no internal topic: the statistics are on every instance, so a serving
 * record can be normalized on whichever instance reads it, whatever its message key.
 */
public final class ServingTopology {
    public static final String STATS_SOURCE = "stats-source";
    public static final String SERVING_SOURCE = "serving-source";
    public static final String NORMALIZED_SINK = "normalized-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private ServingTopology() {}

    /** Builds the topology for {@code config}'s topics and normalization settings, its metrics counted nowhere. */
    public static Topology build(ServingConfig config) {
        return build(config, new ServingMetrics());
    }

    /** Builds the topology for {@code config}'s topics and normalization settings, counting into {@code metrics}. */
    public static Topology build(ServingConfig config, ServingMetrics metrics) {
        Topology topology = new Topology();
        topology.addGlobalStore(
                StatsStore.builder(config.history()),
                STATS_SOURCE,
                new SafeTimestampExtractor(),
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                config.statsTopic(),
                StatsUpdater.NAME,
                () -> new StatsUpdater(config.history()));
        // Explicit, so that a new application id never skips serving records that are already waiting.
        topology.addSource(
                AutoOffsetReset.earliest(),
                SERVING_SOURCE,
                new SafeTimestampExtractor(),
                new ByteArrayDeserializer(),
                new ServingInputDeserializer(),
                config.inputTopic());
        topology.addProcessor(
                ServingProcessor.NAME,
                () -> new ServingProcessor(
                        config.normalizer(), config.statsTopic(), NORMALIZED_SINK, DEAD_LETTER_SINK, metrics),
                SERVING_SOURCE);
        topology.addSink(
                NORMALIZED_SINK,
                config.outputTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                ServingProcessor.NAME);
        topology.addSink(
                DEAD_LETTER_SINK,
                config.dlqTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                ServingProcessor.NAME);
        return topology;
    }
}
