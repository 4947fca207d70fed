package io.streamingbatchnorm.kafka.http;

import io.streamingbatchnorm.avro.StatsSnapshot;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A read-only store over a map, standing in for the global statistics store. */
record StoreOverMap(Map<String, StatsSnapshot> map) implements ReadOnlyKeyValueStore<String, StatsSnapshot> {
    @Override
    public StatsSnapshot get(String key) {
        return map.get(key);
    }

    @Override
    public KeyValueIterator<String, StatsSnapshot> range(String from, String to) {
        // Kafka's stores order keys by their serialized bytes; for the keys of these tests that is String order.
        NavigableMap<String, StatsSnapshot> sorted = new TreeMap<>(map);
        NavigableMap<String, StatsSnapshot> view = from == null ? sorted : sorted.tailMap(from, true);
        return new MapIterator(
                (to == null ? view : view.headMap(to, true)).entrySet().iterator());
    }

    @Override
    public KeyValueIterator<String, StatsSnapshot> all() {
        return new MapIterator(map.entrySet().iterator());
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }
}
