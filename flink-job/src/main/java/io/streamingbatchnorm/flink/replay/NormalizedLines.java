package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.schemas.json.LineBytes;
import java.nio.charset.StandardCharsets;

/**
 * Output lines of a replay as bytes, the same bytes as {@link JsonLines#writeNormalizedRecord} writes but without
 * the Avro record, the boxed values and the generator in between; a record whose strings need escapes takes the
 * generator's path.
 */
final class NormalizedLines {
    private final LineBytes line = new LineBytes();

    /** The line of {@code e} with its line break, valid until the next call. */
    LineBytes format(NormalizedEvent e) {
        if (!fast(e)) {
            String slow = JsonLines.writeNormalizedRecord(RecordMapping.toAvro(e)) + "\n";
            line.reset().raw(slow.getBytes(StandardCharsets.UTF_8));
        }
        return line;
    }

    private boolean fast(NormalizedEvent e) {
        line.reset().raw("{\"key\":");
        if (!line.string(e.key)) {
            return false;
        }
        line.raw(",\"event_time\":").number(e.eventTime);
        if (e.id != null) {
            line.raw(",\"id\":");
            if (!line.string(e.id)) {
                return false;
            }
        }
        if (e.attributes != null) {
            line.raw(",\"attributes\":");
            if (!line.stringMap(e.attributes)) {
                return false;
            }
        }
        line.raw(",\"values\":").features(e.values);
        line.raw(",\"mode\":\"").raw(e.mode.name()).raw("\",\"stats_version\":").number(e.statsVersion);
        line.raw(",\"batch_size\":").number(e.batchSize).raw(",\"late\":").raw(e.late ? "true" : "false");
        line.raw("}\n");
        return true;
    }
}
