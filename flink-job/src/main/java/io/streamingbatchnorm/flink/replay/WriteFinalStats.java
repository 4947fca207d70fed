package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;

/**
 * Keeps the last snapshot of each key this subtask handles (a key's snapshots arrive in version order) and
 * writes them, one line each in key order, when the input ends.
 */
final class WriteFinalStats extends PartFileFunction<StatsEvent> {
    private static final long serialVersionUID = 1L;

    /** The accumulator that counts the keys with statistics. */
    static final String KEYS = "replay-keys";

    private transient Map<String, StatsSnapshot> last;

    WriteFinalStats(Path base, boolean gzip) {
        super(base, gzip);
    }

    @Override
    void write(StatsEvent s, OutputStream out) {
        if (last == null) {
            last = new TreeMap<>();
        }
        // As the Avro record, which copies every field and array: with object reuse on, the arrays of an emitted
        // snapshot may be the window's own.
        last.put(s.key, RecordMapping.toAvro(s));
    }

    @Override
    void finish(OutputStream out) throws IOException {
        if (last == null) {
            return;
        }
        LongCounter keys = new LongCounter(last.size());
        getRuntimeContext().addAccumulator(KEYS, keys);
        for (StatsSnapshot s : last.values()) {
            out.write(JsonLines.writeStatsSnapshot(s).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }
}
