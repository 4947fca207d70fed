package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.deadletter.DeadLetterFactory;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.nio.charset.StandardCharsets;

/** Dead letters for replay files: the record written back as a JSON line, with its line number. */
public class FileDeadLetterFactory implements DeadLetterFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public DeadLetterEvent forFeature(FeatureEvent f, Rejection r) {
        String line = JsonLines.writeFeatureRecord(RecordMapping.toAvro(f));
        return new DeadLetterEvent(
                line.getBytes(StandardCharsets.UTF_8),
                null,
                null,
                null,
                f.offset,
                r.reason().name(),
                r.message(),
                0L);
    }

    @Override
    public DeadLetterEvent forCommand(StoredCommand c, Rejection r) {
        String line = JsonLines.writeControlCommand(RecordMapping.toAvro(c));
        return new DeadLetterEvent(
                line.getBytes(StandardCharsets.UTF_8),
                null,
                null,
                null,
                c.sequence,
                r.reason().name(),
                r.message(),
                0L);
    }
}
