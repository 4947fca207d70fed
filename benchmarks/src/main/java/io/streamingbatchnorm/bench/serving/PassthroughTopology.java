package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.kafka.ServingConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;

/**
 * The baseline of the serving benchmark: a Kafka Streams topology over the serving application's input and output
 * topics, read from their start as serving reads them, that decodes each record and re-encodes it
 * ({@link ReencodeNormalized}). No statistics store, no normalization.
 */
final class PassthroughTopology {
    private static final String SOURCE = "passthrough-source";
    private static final String SINK = "passthrough-sink";

    private PassthroughTopology() {}

    static Topology build(ServingConfig config) {
        Topology topology = new Topology();
        topology.addSource(
                AutoOffsetReset.earliest(),
                SOURCE,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                config.inputTopic());
        topology.addProcessor(ReencodeNormalized.NAME, ReencodeNormalized::new, SOURCE);
        topology.addSink(
                SINK,
                config.outputTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                ReencodeNormalized.NAME);
        return topology;
    }
}
