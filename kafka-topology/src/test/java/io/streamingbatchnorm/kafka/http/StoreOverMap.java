package io.streamingbatchnorm.kafka.http;

import io.streamingbatchnorm.avro.StatsSnapshot;
import java.util.Map;
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
        throw new UnsupportedOperationException("the API does not read ranges");
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
