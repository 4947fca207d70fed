package io.streamingbatchnorm.kafka.serving;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.EvalNormalizer;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.kafka.stats.SnapshotHistory;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.StatsVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per key, the eval normalizer of the snapshot its last record used, so that the records of a key whose statistics
 * did not change skip decoding the snapshot and computing its scales: per record, that was most of the serving
 * processor's work.
 *
 * <p>An entry is reused only for the same (reset generation, version) and the same snapshot bytes: a mode, gamma, beta
 * or epsilon change publishes a version again with other bytes, and must not be served with the earlier ones. The
 * least recently used keys are dropped beyond the capacity, so memory stays bounded with millions of keys. Not
 * thread-safe: one per processor, which Kafka Streams runs on one thread.
 */
final class PreparedSnapshots {
    /** One snapshot, decoded and ready to normalize with. */
    record Prepared(StatsVersion version, byte[] payload, StatsSnapshot snapshot, EvalNormalizer normalizer) {}

    private final NormalizerConfig config;
    private final Map<String, Prepared> byKey;

    PreparedSnapshots(NormalizerConfig config, int capacity) {
        this.config = config;
        this.byKey = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The prepared snapshot at {@code index} of {@code key}'s history. */
    Prepared get(String key, SnapshotHistory history, int index) {
        StatsVersion version = history.versions().get(index);
        Prepared cached = byKey.get(key);
        if (cached != null && cached.version().equals(version) && history.holds(index, cached.payload())) {
            return cached;
        }
        StatsSnapshot snapshot = history.get(index);
        EvalNormalizer normalizer = EvalNormalizer.of(
                CoreMapping.runningStatistics(snapshot), CoreMapping.controlState(snapshot), config.missing());
        Prepared prepared = new Prepared(version, history.payload(index), snapshot, normalizer);
        byKey.put(key, prepared);
        return prepared;
    }
}
