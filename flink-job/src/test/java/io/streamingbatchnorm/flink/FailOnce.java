package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.flink.model.InputEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through and fails the task once: on the first record after {@link #arm()} once at
 * least two checkpoints have completed. The counters are static because the MiniCluster runs in this
 * JVM and a restored task is a new instance.
 */
public class FailOnce implements MapFunction<InputEvent, InputEvent>, CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    static final AtomicInteger RECORDS = new AtomicInteger();
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    static void reset() {
        COMPLETED_CHECKPOINTS.set(0);
        RECORDS.set(0);
        ARMED.set(false);
        FAILED.set(false);
    }

    static void arm() {
        ARMED.set(true);
    }

    @Override
    public InputEvent map(InputEvent e) {
        RECORDS.incrementAndGet();
        if (ARMED.get() && COMPLETED_CHECKPOINTS.get() >= 2 && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + COMPLETED_CHECKPOINTS.get() + " checkpoints");
        }
        return e;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        COMPLETED_CHECKPOINTS.incrementAndGet();
    }
}
