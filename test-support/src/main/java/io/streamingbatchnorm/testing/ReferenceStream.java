package io.streamingbatchnorm.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ReferenceBatchNorm} over a whole stream in count micro-batches: what every record's output must be
 * and the state every key must end in, for a stream whose batches close by count, by a switch to eval mode
 * or at the end of the input (never by a watermark).
 */
public final class ReferenceStream {
    /** One input record; NaN marks a missing value. */
    public record Record(String key, long eventTime, String id, double[] values) {}

    /** The output one record must get: its input {@code x}, normalized {@code y}, mode, version and batch size. */
    public record Output(
            String key, long eventTime, String id, double[] x, double[] y, boolean eval, long version, int batchSize) {}

    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final Map<String, ReferenceBatchNorm> keys = new LinkedHashMap<>();

    private ReferenceStream() {}

    /**
     * Normalizes {@code records}, each key's in the order given, in batches of {@code batchSize}. A key with an
     * entry in {@code evalFrom} switches to eval mode at that event time: its open batch closes first, and every
     * record from then on is normalized with the frozen statistics.
     */
    public static ReferenceStream countBatches(
            List<Record> records, int batchSize, ReferenceBatchNorm.Settings settings, Map<String, Long> evalFrom) {
        Map<String, List<Record>> byKey = new LinkedHashMap<>();
        for (Record r : records) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        ReferenceStream stream = new ReferenceStream();
        byKey.forEach((key, keyRecords) -> stream.key(key, keyRecords, batchSize, settings, evalFrom.get(key)));
        return stream;
    }

    private void key(
            String key, List<Record> records, int batchSize, ReferenceBatchNorm.Settings settings, Long evalFrom) {
        ReferenceBatchNorm state = new ReferenceBatchNorm(records.get(0).values().length, settings);
        keys.put(key, state);
        List<Record> batch = new ArrayList<>();
        for (Record r : records) {
            if (evalFrom != null && r.eventTime() >= evalFrom) {
                flush(state, batch);
                add(new Output(
                        key, r.eventTime(), r.id(), r.values(), state.eval(r.values()), true, state.version(), 1));
                continue;
            }
            batch.add(r);
            if (batch.size() == batchSize) {
                flush(state, batch);
            }
        }
        flush(state, batch);
    }

    private void flush(ReferenceBatchNorm state, List<Record> batch) {
        if (batch.isEmpty()) {
            return;
        }
        double[][] rows = new double[batch.size()][];
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = batch.get(i).values();
            maxTime = Math.max(maxTime, batch.get(i).eventTime());
        }
        double[][] y = state.train(rows, maxTime);
        for (int i = 0; i < rows.length; i++) {
            Record r = batch.get(i);
            add(new Output(r.key(), r.eventTime(), r.id(), r.values(), y[i], false, state.version(), rows.length));
        }
        batch.clear();
    }

    private void add(Output o) {
        if (outputs.putIfAbsent(o.id(), o) != null) {
            throw new IllegalArgumentException("record id '" + o.id() + "' appears more than once in the input");
        }
    }

    /** The output every record must get, by id, in the order computed (key by key). */
    public Map<String, Output> outputs() {
        return outputs;
    }

    /** Each key's state after its last record, in the order the keys first appear. */
    public Map<String, ReferenceBatchNorm> keys() {
        return keys;
    }
}
