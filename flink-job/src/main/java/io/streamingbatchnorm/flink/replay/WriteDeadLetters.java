package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;

/** Writes dead letters into this subtask's part file, counting them by reason. */
final class WriteDeadLetters extends PartFileFunction<DeadLetterEvent> {
    private static final long serialVersionUID = 1L;
    /** Accumulator names are this prefix and the reason code. */
    static final String PREFIX = "replay-dead-letters-";

    private transient Map<String, LongCounter> byReason;

    WriteDeadLetters(Path base, boolean gzip) {
        super(base, gzip);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        byReason = new HashMap<>();
    }

    @Override
    void write(DeadLetterEvent d, OutputStream out) throws IOException {
        out.write(JsonLines.writeDeadLetter(RecordMapping.toAvro(d)).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        byReason.computeIfAbsent(d.reason, reason -> {
                    LongCounter c = new LongCounter();
                    getRuntimeContext().addAccumulator(PREFIX + reason, c);
                    return c;
                })
                .add(1L);
    }
}
