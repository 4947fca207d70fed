package io.streamingbatchnorm.kafka.stats;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireFormatException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the stats topic into {@link StatsStore}: the latest version of each key wins.
 *
 * <ul>
 *   <li>A snapshot replaces the stored one when its {@code version} is greater or equal. Equal replaces
 *       because a key's mode, gamma, beta or epsilon can change without a new batch; older never
 *       replaces, so a snapshot that arrives late (or is replayed) cannot roll statistics back.
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

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, StatsSnapshot> store;

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
        StatsSnapshot current = store.get(snapshot.getKey());
        if (current == null || notOlder(snapshot, current)) {
            store.put(snapshot.getKey(), snapshot);
        }
    }

    /** A RESET starts versions from 0 again, so snapshots order by reset generation first, then version. */
    static boolean notOlder(StatsSnapshot candidate, StatsSnapshot current) {
        if (candidate.getResetGeneration() != current.getResetGeneration()) {
            return candidate.getResetGeneration() > current.getResetGeneration();
        }
        return candidate.getVersion() >= current.getVersion();
    }

    private void skip(String why) {
        String where = context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("unknown position");
        LOG.warn("Skipping the statistics snapshot at {}: {}", where, why);
    }
}
