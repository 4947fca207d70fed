package io.streamingbatchnorm.kafka.stats;

import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.StatsVersion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Keeps a {@link SnapshotHistory} in the state store: a marker {@code 'H'} and a format version, the count, then per
 * snapshot its reset generation, version, length and Kafka wire bytes (Avro single-object encoding, so that a store
 * written by an older version of the application still decodes after an upgrade).
 *
 * <p>A value that starts with the single-object marker {@code C3 01} is a single snapshot, as stores written before
 * histories hold them: it reads as a history of one, so an upgraded instance keeps its store.
 */
final class HistorySerde implements Serde<SnapshotHistory> {
    private static final byte MARKER = 'H';
    private static final byte FORMAT = 1;
    private static final byte SINGLE_OBJECT = (byte) 0xC3;

    private final int limit;

    /** @param limit the versions a read history keeps at most: the newest, when the setting was lowered */
    HistorySerde(int limit) {
        this.limit = limit;
    }

    @Override
    public Serializer<SnapshotHistory> serializer() {
        return (topic, history) -> history == null ? null : write(history);
    }

    @Override
    public Deserializer<SnapshotHistory> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes).last(limit);
    }

    static byte[] write(SnapshotHistory history) {
        int size = 2 + 4;
        for (byte[] p : history.payloads()) {
            size += 4 + 8 + 4 + p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MARKER).put(FORMAT).putInt(history.size());
        for (int i = 0; i < history.size(); i++) {
            StatsVersion v = history.versions().get(i);
            byte[] p = history.payloads().get(i);
            out.putInt(v.resetGeneration())
                    .putLong(v.version())
                    .putInt(p.length)
                    .put(p);
        }
        return out.array();
    }

    static SnapshotHistory read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == SINGLE_OBJECT) {
            return SnapshotHistory.of(AvroWire.statsSnapshots().decode(bytes));
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != MARKER || in.get() != FORMAT) {
                throw new SerializationException("not a statistics history of format " + FORMAT);
            }
            int count = in.getInt();
            List<StatsVersion> versions = new ArrayList<>(count);
            List<byte[]> payloads = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                versions.add(new StatsVersion(in.getInt(), in.getLong()));
                byte[] p = new byte[in.getInt()];
                in.get(p);
                payloads.add(p);
            }
            return new SnapshotHistory(versions, payloads);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read a statistics history of " + bytes.length + " bytes", e);
        }
    }
}
