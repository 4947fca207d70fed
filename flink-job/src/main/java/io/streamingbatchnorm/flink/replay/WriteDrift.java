package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.flink.model.DriftReport;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;

/** Writes drift events as JSON lines into this subtask's part file, counting them. */
final class WriteDrift extends PartFileFunction<DriftReport> {
    private static final long serialVersionUID = 1L;
    static final String COUNTER = "replay-drift-events";

    private transient LongCounter written;

    WriteDrift(Path base, boolean gzip) {
        super(base, gzip);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        written = new LongCounter();
        getRuntimeContext().addAccumulator(COUNTER, written);
    }

    @Override
    void write(DriftReport d, OutputStream out) throws IOException {
        out.write(JsonLines.writeDriftEvent(RecordMapping.toAvro(d)).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        written.add(1L);
    }
}
