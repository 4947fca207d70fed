package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.schemas.json.LineBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;

/** Writes normalized records as output lines into this subtask's part file, counting them. */
final class WriteNormalized extends PartFileFunction<NormalizedEvent> {
    private static final long serialVersionUID = 1L;
    static final String COUNTER = "replay-normalized";

    private transient NormalizedLines lines;
    private transient LongCounter written;

    WriteNormalized(Path base, boolean gzip) {
        super(base, gzip);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        lines = new NormalizedLines();
        written = new LongCounter();
        getRuntimeContext().addAccumulator(COUNTER, written);
    }

    @Override
    void write(NormalizedEvent e, OutputStream out) throws IOException {
        LineBytes line = lines.format(e);
        out.write(line.array(), 0, line.length());
        written.add(1L);
    }
}
