package io.streamingbatchnorm.kafka.http;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.kafka.stats.SnapshotHistory;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A read-only store over a map of each key's latest snapshot, standing in for the global statistics store: each
 * key holds a history of that one snapshot.
 */
record StoreOverMap(Map<String, StatsSnapshot> map) implements ReadOnlyKeyValueStore<String, SnapshotHistory> {
    @Override
    public SnapshotHistory get(String key) {
        StatsSnapshot s = map.get(key);
        return s == null ? null : SnapshotHistory.of(s);
    }

    @Override
    public KeyValueIterator<String, SnapshotHistory> range(String from, String to) {
        // Kafka's stores order keys by their serialized bytes; for the keys of these tests that is String order.
        NavigableMap<String, StatsSnapshot> sorted = new TreeMap<>(map);
        NavigableMap<String, StatsSnapshot> view = from == null ? sorted : sorted.tailMap(from, true);
        return new MapIterator(
                (to == null ? view : view.headMap(to, true)).entrySet().iterator());
    }

    @Override
    public KeyValueIterator<String, SnapshotHistory> all() {
        return new MapIterator(map.entrySet().iterator());
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }
}
