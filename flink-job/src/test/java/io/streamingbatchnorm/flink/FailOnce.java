package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.flink.model.InputEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through and fails the task once: on the first record after {@link #arm()} once at
 * least two checkpoints have completed. The counters are static because the MiniCluster runs in this
 * JVM and a restored task is a new instance.
 */
public class FailOnce extends RichMapFunction<InputEvent, InputEvent> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    /** The highest checkpoint id any subtask has seen complete: each subtask is notified of each checkpoint. */
    static final AtomicLong COMPLETED_CHECKPOINTS = new AtomicLong();

    static final AtomicInteger RECORDS = new AtomicInteger();
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    /** The highest attempt number any subtask started with: above 0 once the job has been restored. */
    static final AtomicInteger MAX_ATTEMPT = new AtomicInteger();

    /**
     * What must hold for the failure to be injected, checked on each record once armed; by default nothing more.
     * Tests use it to fail only while output sits in an open transaction.
     */
    static volatile BooleanSupplier condition = () -> true;

    /** Records that had passed when the failure was injected. */
    static final AtomicInteger RECORDS_AT_FAILURE = new AtomicInteger();

    static void reset() {
        COMPLETED_CHECKPOINTS.set(0);
        RECORDS.set(0);
        RECORDS_AT_FAILURE.set(0);
        condition = () -> true;
        ARMED.set(false);
        FAILED.set(false);
        MAX_ATTEMPT.set(0);
    }

    static void arm() {
        ARMED.set(true);
    }

    @Override
    public void open(OpenContext context) {
        MAX_ATTEMPT.accumulateAndGet(getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
    }

    @Override
    public InputEvent map(InputEvent e) {
        RECORDS.incrementAndGet();
        if (ARMED.get()
                && !FAILED.get()
                && COMPLETED_CHECKPOINTS.get() >= 2
                && condition.getAsBoolean()
                && FAILED.compareAndSet(false, true)) {
            RECORDS_AT_FAILURE.set(RECORDS.get());
            throw new IllegalStateException("injected failure after " + COMPLETED_CHECKPOINTS.get() + " checkpoints");
        }
        return e;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        COMPLETED_CHECKPOINTS.accumulateAndGet(checkpointId, Math::max);
    }
}
