package io.streamingbatchnorm.kafka.stats;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The global state store holding the last snapshots of every normalization key ({@link SnapshotHistory}, the last
 * {@code --history} versions).
 *
 * <p>Global: every instance of the application keeps all keys, filled from the compacted stats topic by
 * {@link StatsUpdater}. Statistics are small (four vectors per key), and this way any instance can
 * normalize any record and answer any query without repartitioning the serving input. The stats topic
 * is the store's changelog: a store lost with its state directory is rebuilt from it, through
 * {@link StatsUpdater} again, so the rebuilt store keeps the same versions (those compaction left in the topic).
 */
public final class StatsStore {
    /** The store's name, for interactive queries. */
    public static final String NAME = "feature-stats-store";

    private StatsStore() {}

    /**
     * A persistent (RocksDB) key-value store; its logging is off because the stats topic already is its log.
     *
     * @param history the versions kept per key
     */
    public static StoreBuilder<KeyValueStore<String, SnapshotHistory>> builder(int history) {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(NAME), Serdes.String(), new HistorySerde(history))
                .withLoggingDisabled();
    }
}
