package io.streamingbatchnorm.kafka.stats;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Keeps snapshots in the state store in the Kafka wire format (Avro single-object encoding), so a store
 * written by an older version of the application still decodes after an upgrade.
 */
public final class SnapshotSerde implements Serde<StatsSnapshot> {

    @Override
    public Serializer<StatsSnapshot> serializer() {
        return (topic, snapshot) ->
                snapshot == null ? null : AvroWire.statsSnapshots().encode(snapshot);
    }

    @Override
    public Deserializer<StatsSnapshot> deserializer() {
        return (topic, bytes) ->
                bytes == null ? null : AvroWire.statsSnapshots().decode(bytes);
    }
}
