package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.StampedEvent;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;

/**
 * Closes micro-batches (DESIGN 4.1): a count batch when it holds {@code batch-size} records, when the
 * watermark passes its first record's event time plus {@code max-batch-delay}, or at the end of a bounded
 * input (the final watermark); a tumbling window when the watermark passes its end; any batch at once
 * when a control marker says the key's mode or parameters change; and a record's own window at once.
 *
 * <p>Every firing purges, and the trigger clears its own count and timer then, because {@link BatchWindow}
 * windows are never cleaned up by the window operator.
 */
public class MicroBatchTrigger extends Trigger<StampedEvent, BatchWindow> {
    private static final long serialVersionUID = 1L;

    private static final ValueStateDescriptor<Long> BATCH_COUNT = new ValueStateDescriptor<>("batch-count", Types.LONG);
    private static final ValueStateDescriptor<Long> DEADLINE = new ValueStateDescriptor<>("batch-deadline", Types.LONG);

    private final int batchSize;
    private final long maxBatchDelay;

    public MicroBatchTrigger(NormalizerConfig config) {
        this.batchSize = config.batchSize();
        this.maxBatchDelay = config.maxBatchDelay().toMillis();
    }

    @Override
    public TriggerResult onElement(StampedEvent e, long timestamp, BatchWindow w, TriggerContext ctx) throws Exception {
        switch (w.kind()) {
            case IMMEDIATE:
                return TriggerResult.FIRE_AND_PURGE;
            case TUMBLING:
                if (e.isMarker()) {
                    ctx.deleteEventTimeTimer(w.end() - 1);
                    return TriggerResult.FIRE_AND_PURGE;
                }
                ctx.registerEventTimeTimer(w.end() - 1);
                return TriggerResult.CONTINUE;
            default:
                return onCountElement(e, ctx);
        }
    }

    private TriggerResult onCountElement(StampedEvent e, TriggerContext ctx) throws Exception {
        if (e.isMarker()) {
            return closeCountBatch(ctx);
        }
        ValueState<Long> count = ctx.getPartitionedState(BATCH_COUNT);
        long n = count.value() == null ? 1 : count.value() + 1;
        if (n >= batchSize) {
            return closeCountBatch(ctx);
        }
        count.update(n);
        if (n == 1) {
            long t = e.time();
            long deadline = t > Long.MAX_VALUE - maxBatchDelay ? Long.MAX_VALUE : t + maxBatchDelay;
            ctx.getPartitionedState(DEADLINE).update(deadline);
            ctx.registerEventTimeTimer(deadline);
        }
        return TriggerResult.CONTINUE;
    }

    private TriggerResult closeCountBatch(TriggerContext ctx) throws Exception {
        ValueState<Long> deadline = ctx.getPartitionedState(DEADLINE);
        if (deadline.value() != null) {
            ctx.deleteEventTimeTimer(deadline.value());
        }
        deadline.clear();
        ctx.getPartitionedState(BATCH_COUNT).clear();
        return TriggerResult.FIRE_AND_PURGE;
    }

    @Override
    public TriggerResult onEventTime(long time, BatchWindow w, TriggerContext ctx) throws Exception {
        if (w.kind() == BatchWindow.Kind.TUMBLING) {
            return time == w.end() - 1 ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
        }
        Long deadline = ctx.getPartitionedState(DEADLINE).value();
        return deadline != null && deadline == time ? closeCountBatch(ctx) : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, BatchWindow w, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(BatchWindow w, TriggerContext ctx) throws Exception {
        if (w.kind() == BatchWindow.Kind.TUMBLING) {
            ctx.deleteEventTimeTimer(w.end() - 1);
        } else if (w.kind() == BatchWindow.Kind.COUNT) {
            closeCountBatch(ctx);
        }
    }
}
