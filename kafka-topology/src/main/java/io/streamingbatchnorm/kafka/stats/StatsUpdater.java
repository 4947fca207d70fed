package io.streamingbatchnorm.kafka.stats;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.StatsVersion;
import io.streamingbatchnorm.schemas.WireFormatException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the stats topic into {@link StatsStore}: the last {@code --history} versions of each key, the latest
 * version serving unpinned records.
 *
 * <ul>
 *   <li>A snapshot joins its key's history in (reset generation, version) order and replaces a held snapshot of the
 *       same version, because a key's mode, gamma, beta or epsilon can change without a new batch. The latest is
 *       the highest version, so a snapshot that arrives late (or is replayed) cannot roll statistics back; it is
 *       kept among the older versions if it is among the last {@code --history}.
 *   <li>A tombstone (null value) removes the key: the way to retire a key from a compacted topic.
 *   <li>A payload that does not decode, is not usable or whose message key is not its {@code key} is
 *       skipped with a warning; a global store cannot forward records to the dead-letter topic.
 * </ul>
 * Kafka Streams also runs this processor when it rebuilds the store from the topic, so a rebuilt store
 * follows the same rules.
 */
public final class StatsUpdater implements Processor<String, byte[], Void, Void> {
    /** The processor's name in the topology. */
    public static final String NAME = "stats-updater";

    private static final Logger LOG = LoggerFactory.getLogger(StatsUpdater.class);

    private final int history;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, SnapshotHistory> store;

    /** @param history the versions kept per key */
    public StatsUpdater(int history) {
        this.history = history;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(StatsStore.NAME);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                store.delete(record.key());
            }
            return;
        }
        StatsSnapshot snapshot;
        try {
            snapshot = AvroWire.statsSnapshots().decode(record.value());
        } catch (WireFormatException e) {
            skip(e.reason() + ": " + e.getMessage());
            return;
        }
        String problem = SnapshotCheck.problem(snapshot);
        if (problem == null && record.key() != null && !record.key().equals(snapshot.getKey())) {
            problem = "the message key '" + record.key() + "' differs from field 'key' '" + snapshot.getKey()
                    + "'; the producer must key snapshots by their normalization key so compaction and deletes work";
        }
        if (problem != null) {
            skip(problem);
            return;
        }
        SnapshotHistory held = store.get(snapshot.getKey());
        // The bytes as published: they decode, and keep the writer schema they were written with.
        StatsVersion version = StatsVersion.of(snapshot);
        SnapshotHistory next = held == null
                ? new SnapshotHistory(java.util.List.of(version), java.util.List.of(record.value()))
                : held.with(version, record.value(), history);
        store.put(snapshot.getKey(), next);
    }

    private void skip(String why) {
        String where = context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("unknown position");
        LOG.warn("Skipping the statistics snapshot at {}: {}", where, why);
    }
}
