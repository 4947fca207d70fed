package io.streamingbatchnorm.kafka.stats;

import io.streamingbatchnorm.avro.StatsSnapshot;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The global state store holding the latest snapshot of every normalization key.
 *
 * <p>Global: every instance of the application keeps all keys, filled from the compacted stats topic by
 * {@link StatsUpdater}. Statistics are small (four vectors per key), and this way any instance can
 * normalize any record and answer any query without repartitioning the serving input. The stats topic
 * is the store's changelog: a store lost with its state directory is rebuilt from it, through
 * {@link StatsUpdater} again, so the rebuilt store keeps the same versions.
 */
public final class StatsStore {
    /** The store's name, for interactive queries. */
    public static final String NAME = "feature-stats-store";

    private StatsStore() {}

    /** A persistent (RocksDB) key-value store; its logging is off because the stats topic already is its log. */
    public static StoreBuilder<KeyValueStore<String, StatsSnapshot>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), new SnapshotSerde())
                .withLoggingDisabled();
    }
}
