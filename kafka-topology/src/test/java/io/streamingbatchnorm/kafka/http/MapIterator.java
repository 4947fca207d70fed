package io.streamingbatchnorm.kafka.http;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.kafka.stats.SnapshotHistory;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** A store iterator over a map's entries, each snapshot a history of one. */
final class MapIterator implements KeyValueIterator<String, SnapshotHistory> {
    private final Iterator<Map.Entry<String, StatsSnapshot>> entries;

    MapIterator(Iterator<Map.Entry<String, StatsSnapshot>> entries) {
        this.entries = entries;
    }

    @Override
    public boolean hasNext() {
        return entries.hasNext();
    }

    @Override
    public KeyValue<String, SnapshotHistory> next() {
        Map.Entry<String, StatsSnapshot> e = entries.next();
        return KeyValue.pair(e.getKey(), SnapshotHistory.of(e.getValue()));
    }

    @Override
    public String peekNextKey() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
