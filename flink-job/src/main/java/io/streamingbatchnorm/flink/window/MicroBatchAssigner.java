package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.Windowing;
import io.streamingbatchnorm.flink.model.StampedEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;

/**
 * Puts each stamped record into its micro-batch window: the key's open count batch, its event-time
 * tumbling window, or a window of its own when it is to be normalized at once (eval mode or late).
 * A marker goes to every tumbling window of its key that the watermark has not closed yet.
 */
public class MicroBatchAssigner extends WindowAssigner<StampedEvent, BatchWindow> {
    private static final long serialVersionUID = 1L;

    private final NormalizerConfig config;
    private final long windowMillis;

    public MicroBatchAssigner(NormalizerConfig config) {
        this.config = config;
        this.windowMillis = config.window() == null ? 0 : config.window().toMillis();
    }

    @Override
    public Collection<BatchWindow> assignWindows(StampedEvent e, long timestamp, WindowAssignerContext context) {
        if (e.isImmediate() || e.expire) {
            return List.of(BatchWindow.immediate(e.time()));
        }
        if (config.windowing() == Windowing.COUNT) {
            return List.of(BatchWindow.countBatch());
        }
        if (!e.isMarker()) {
            return List.of(tumbling(e.time()));
        }
        if (e.closeWindows == null || e.closeWindows.length == 0) {
            // Nothing to close; firing the marker alone still publishes the key's new mode and parameters.
            return List.of(BatchWindow.immediate(e.time()));
        }
        // Ascending: the window operator fires them in this order, so their batches fold in in event-time
        // order, as when the watermark closes them.
        List<BatchWindow> out = new ArrayList<>(e.closeWindows.length);
        for (long start : e.closeWindows) {
            out.add(BatchWindow.tumbling(start, start + windowMillis));
        }
        return out;
    }

    /** The tumbling window {@code [k*W, (k+1)*W)} holding event time {@code t}. */
    public BatchWindow tumbling(long t) {
        long start = BatchWindow.tumblingStart(t, windowMillis);
        return BatchWindow.tumbling(start, start + windowMillis);
    }

    @Override
    public Trigger<StampedEvent, BatchWindow> getDefaultTrigger() {
        return new MicroBatchTrigger(config);
    }

    @Override
    public TypeSerializer<BatchWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return BatchWindowSerializer.INSTANCE;
    }

    @Override
    public boolean isEventTime() {
        return true;
    }
}
