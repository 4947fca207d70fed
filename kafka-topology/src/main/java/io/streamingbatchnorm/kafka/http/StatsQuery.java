package io.streamingbatchnorm.kafka.http;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.kafka.stats.SnapshotHistory;
import io.streamingbatchnorm.kafka.stats.StatsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the statistics store for the query API.
 *
 * <p>The store is global, so this instance holds every key and answers every query locally; no query is
 * forwarded to another instance. Reads throw {@link InvalidStateStoreException} while the store cannot
 * be queried (while the application starts or stops); the API answers those with 503.
 */
public final class StatsQuery {
    private final Supplier<ReadOnlyKeyValueStore<String, SnapshotHistory>> store;
    private final Supplier<KafkaStreams.State> state;

    /** A query over any store; tests pass a {@code TopologyTestDriver}'s store. */
    public StatsQuery(
            Supplier<ReadOnlyKeyValueStore<String, SnapshotHistory>> store, Supplier<KafkaStreams.State> state) {
        this.store = Objects.requireNonNull(store, "store");
        this.state = Objects.requireNonNull(state, "state");
    }

    /** A query over the store of a running application. */
    public static StatsQuery of(KafkaStreams streams) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, SnapshotHistory>> parameters =
                StoreQueryParameters.fromNameAndType(StatsStore.NAME, QueryableStoreTypes.keyValueStore());
        return new StatsQuery(() -> streams.store(parameters), streams::state);
    }

    /** The state of the Kafka Streams application. */
    public KafkaStreams.State state() {
        return state.get();
    }

    /** One page of keys, and the key to ask for the next page after, or {@code null} on the last page. */
    public record Page(List<String> keys, String next) {}

    /**
     * Up to {@code limit} keys with statistics, in the store's order (of their UTF-8 bytes), starting after
     * {@code after} ({@code null} for the first page). Reads no more of the store than the page needs.
     */
    public Page keys(String after, int limit) {
        List<String> keys = new ArrayList<>();
        boolean more = false;
        try (KeyValueIterator<String, SnapshotHistory> range = store.get().range(after, null)) {
            while (range.hasNext()) {
                String key = range.next().key;
                if (key.equals(after)) {
                    continue;
                }
                if (keys.size() == limit) {
                    more = true;
                    break;
                }
                keys.add(key);
            }
        }
        return new Page(keys, more ? keys.get(keys.size() - 1) : null);
    }

    /** The latest snapshot of {@code key}, if it has one. */
    public Optional<StatsSnapshot> latest(String key) {
        return history(key).map(SnapshotHistory::latest);
    }

    /** The snapshots held of {@code key}, oldest first, if it has any. */
    public Optional<SnapshotHistory> history(String key) {
        return Optional.ofNullable(store.get().get(key));
    }
}
