package io.streamingbatchnorm.flink.window;

import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * One micro-batch of a key: the open count batch, an event-time tumbling window {@code [start, end)},
 * or a single record normalized at once (eval mode, or late).
 *
 * <p>Its {@link #maxTimestamp()} is {@code Long.MAX_VALUE} so that the window operator neither drops
 * elements as late nor keeps clean-up timers: {@link MicroBatchTrigger} fires and purges every window
 * itself, and records that are late for their tumbling window are still normalized, never dropped.
 */
public final class BatchWindow extends Window {
    /** The kinds of micro-batch window. */
    public enum Kind {
        COUNT,
        TUMBLING,
        IMMEDIATE
    }

    private static final BatchWindow OPEN_COUNT_BATCH = new BatchWindow(Kind.COUNT, Long.MIN_VALUE, Long.MAX_VALUE);

    private final Kind kind;
    private final long start;
    private final long end;

    public BatchWindow(Kind kind, long start, long end) {
        this.kind = kind;
        this.start = start;
        this.end = end;
    }

    public static BatchWindow countBatch() {
        return OPEN_COUNT_BATCH;
    }

    public static BatchWindow tumbling(long start, long end) {
        return new BatchWindow(Kind.TUMBLING, start, end);
    }

    /**
     * The start of the tumbling window {@code [k*size, (k+1)*size)} that holds event time {@code t}: the one
     * place where the job works out windows, so that stamping and assigning always agree.
     */
    public static long tumblingStart(long t, long size) {
        return Math.floorDiv(t, size) * size;
    }

    public static BatchWindow immediate(long eventTime) {
        return new BatchWindow(Kind.IMMEDIATE, eventTime, eventTime);
    }

    public Kind kind() {
        return kind;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    @Override
    public long maxTimestamp() {
        return Long.MAX_VALUE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchWindow w && w.kind == kind && w.start == start && w.end == end;
    }

    @Override
    public int hashCode() {
        // Heap state maps hash the window of every record; Objects.hash would box and allocate each time.
        return (31 * kind.ordinal() + Long.hashCode(start)) * 31 + Long.hashCode(end);
    }

    @Override
    public String toString() {
        return "BatchWindow{" + kind + " [" + start + ", " + end + ")}";
    }
}
