package io.streamingbatchnorm.flink.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The end of one of a replay's outputs: each parallel subtask writes its own part file ({@link PartFiles}), so
 * that lines are formatted and written by every subtask at once instead of by one client thread; the replay joins
 * the parts in subtask order when the job has finished. Emits nothing.
 */
abstract class PartFileFunction<T> extends ProcessFunction<T, Void> {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 1 << 18;

    private final String base;
    private final boolean gzip;
    private transient OutputStream out;

    /**
     * Writes to the parts of {@code base}, compressed if {@code gzip}, or nowhere if {@code base} is null (the output
     * was not asked for).
     */
    PartFileFunction(Path base, boolean gzip) {
        this.base = base == null ? null : base.toString();
        this.gzip = gzip;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        out = base == null
                ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(
                        Compression.wrap(Files.newOutputStream(PartFiles.part(Path.of(base), subtask)), gzip), BUFFER);
    }

    @Override
    public void processElement(T value, Context ctx, Collector<Void> ignored) throws Exception {
        write(value, out);
    }

    /** Writes the line(s) of {@code value}. */
    abstract void write(T value, OutputStream out) throws IOException;

    /** Writes whatever the function held back until the end of the input; nothing by default. */
    void finish(OutputStream out) throws IOException {}

    @Override
    public void close() throws Exception {
        if (out != null) {
            try {
                finish(out);
            } finally {
                out.close();
            }
        }
    }
}
