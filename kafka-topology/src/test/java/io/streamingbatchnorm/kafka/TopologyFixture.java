package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import io.streamingbatchnorm.kafka.stats.SnapshotHistory;
import io.streamingbatchnorm.kafka.stats.StatsStore;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.VersionPin;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The serving topology in a {@code TopologyTestDriver}, with exactly-once on and its own state directory. */
final class TopologyFixture implements AutoCloseable {
    /** The driver's wall clock, which dead letters' {@code rejected_at} reads. */
    static final Instant WALL_CLOCK = Instant.parse("2024-01-01T00:00:00Z");

    final ServingConfig config;
    final ServingMetrics metrics = new ServingMetrics();
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> stats;
    final TestInputTopic<String, byte[]> serving;
    final TestOutputTopic<String, byte[]> normalized;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    TopologyFixture(Path stateDir) {
        this(stateDir, Map.of());
    }

    /**
     * A fixture for inputs that do not decode. Their dead letters are written by the deserialization
     * exception handler before the record reaches a processor, and the test driver of Kafka Streams 4.2
     * does not capture records written that way under exactly-once. A real broker does commit them (the
     * broker test checks it), so these tests run at-least-once, which changes nothing else here.
     */
    static TopologyFixture forUndecodableInput(Path stateDir) {
        return new TopologyFixture(stateDir, Map.of(ServingOptions.DELIVERY.key(), "at-least-once"));
    }

    TopologyFixture(Path stateDir, Map<String, String> flags) {
        Map<String, String> all = new HashMap<>(flags);
        all.put(ServingOptions.BOOTSTRAP_SERVERS.key(), "unused:9092");
        all.put(ServingOptions.STATE_DIR.key(), stateDir.toString());
        config = ServingOptions.parse(all);
        Properties properties = StreamsProperties.build(config, metrics);
        driver = new TopologyTestDriver(ServingTopology.build(config, metrics), properties, WALL_CLOCK);
        stats = driver.createInputTopic(config.statsTopic(), new StringSerializer(), new ByteArraySerializer());
        serving = driver.createInputTopic(config.inputTopic(), new StringSerializer(), new ByteArraySerializer());
        normalized =
                driver.createOutputTopic(config.outputTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters =
                driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void publish(StatsSnapshot snapshot, long timestamp) {
        stats.pipeInput(snapshot.getKey(), AvroWire.statsSnapshots().encode(snapshot), timestamp);
    }

    void serve(String messageKey, FeatureRecord record, long timestamp) {
        serving.pipeInput(messageKey, AvroWire.featureRecords().encode(record), timestamp);
    }

    void serveBytes(String messageKey, byte[] payload, long timestamp) {
        serving.pipeInput(messageKey, payload, timestamp);
    }

    KeyValueStore<String, SnapshotHistory> store() {
        return driver.getKeyValueStore(StatsStore.NAME);
    }

    /** The latest snapshot of {@code key} in the store, or null. */
    StatsSnapshot latest(String key) {
        SnapshotHistory h = store().get(key);
        return h == null ? null : h.latest();
    }

    /** A serving record pinned to a statistics version by its header. */
    void servePinned(String messageKey, FeatureRecord record, String version, long timestamp) {
        serving.pipeInput(new TestRecord<>(
                messageKey,
                AvroWire.featureRecords().encode(record),
                new org.apache.kafka.common.header.internals.RecordHeaders()
                        .add(VersionPin.HEADER, version.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                timestamp));
    }

    List<KeyValue<String, NormalizedRecord>> readNormalized() {
        return normalized.readKeyValuesToList().stream()
                .map(kv -> KeyValue.pair(kv.key, AvroWire.normalizedRecords().decode(kv.value)))
                .toList();
    }

    List<TestRecord<String, byte[]>> readNormalizedRecords() {
        return normalized.readRecordsToList();
    }

    List<DeadLetter> readDeadLetters() {
        return deadLetters.readValuesToList().stream()
                .map(AvroWire.deadLetters()::decode)
                .toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
