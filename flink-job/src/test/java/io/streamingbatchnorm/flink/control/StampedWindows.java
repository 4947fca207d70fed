package io.streamingbatchnorm.flink.control;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.flink.replay.FileDeadLetterFactory;
import io.streamingbatchnorm.flink.window.MicroBatchHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * The control stamping operator chained to the micro-batch window operator, each in its own harness:
 * whatever the stamping operator emits (records, markers, watermarks) goes on to the window operator in
 * the same order, as through the forward connection of the job.
 */
public final class StampedWindows implements AutoCloseable {
    private static final int MAX_PARALLELISM = 128;

    private final KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> stamp;
    private final MicroBatchHarness windows;

    private StampedWindows(
            KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> stamp,
            MicroBatchHarness windows) {
        this.stamp = stamp;
        this.windows = windows;
    }

    public static StampedWindows open(NormalizerConfig config, List<StoredCommand> initialCommands) throws Exception {
        return new StampedWindows(stamping(config, initialCommands, 1, 0, null), MicroBatchHarness.open(config));
    }

    /** New instances of both operators that start from {@link #snapshot()}, as after a failure. */
    public static StampedWindows restore(NormalizerConfig config, List<StoredCommand> initialCommands, Snapshot state)
            throws Exception {
        return new StampedWindows(
                stamping(config, initialCommands, 1, 0, state.stamp()),
                MicroBatchHarness.restore(config, state.windows()));
    }

    /** The stamping operator alone, as subtask {@code subtask} of {@code parallelism}. */
    static KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> stamping(
            NormalizerConfig config,
            List<StoredCommand> initialCommands,
            int parallelism,
            int subtask,
            OperatorSubtaskState restored)
            throws Exception {
        ControlStampFunction function = new ControlStampFunction(config, initialCommands, new FileDeadLetterFactory());
        KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(function, List.of(ControlStampFunction.COMMANDS)),
                        f -> f.key,
                        Types.STRING,
                        MAX_PARALLELISM,
                        parallelism,
                        subtask);
        MicroBatchHarness.configure(h.getExecutionConfig());
        if (restored != null) {
            h.initializeState(AbstractStreamOperatorTestHarness.repackageState(restored));
        }
        h.open();
        return h;
    }

    public MicroBatchHarness windows() {
        return windows;
    }

    public void record(FeatureEvent f) throws Exception {
        stamp.processElement(f, f.eventTime);
        forward();
    }

    public void records(FeatureEvent... features) throws Exception {
        for (FeatureEvent f : features) {
            record(f);
        }
    }

    /** A command from the control topic; its record timestamp plays no part. */
    public void command(StoredCommand c) throws Exception {
        stamp.processBroadcastElement(c, 0L);
        forward();
    }

    /** Advances event time on both inputs of the stamping operator, hence on the window operator too. */
    public void watermark(long time) throws Exception {
        stamp.processBroadcastWatermark(new Watermark(time));
        stamp.processWatermark(new Watermark(time));
        forward();
    }

    @SuppressWarnings("unchecked")
    private void forward() throws Exception {
        Queue<Object> out = stamp.getOutput();
        for (Object o = out.poll(); o != null; o = out.poll()) {
            if (o instanceof StreamRecord<?> r) {
                windows.process((StreamRecord<StampedEvent>) r);
            } else if (o instanceof Watermark w) {
                windows.watermark(w.getTimestamp());
            }
        }
    }

    /** The dead letters of the stamping operator since the last call. */
    public List<DeadLetterEvent> takeDeadLetters() {
        return take(stamp);
    }

    static List<DeadLetterEvent> take(
            KeyedBroadcastOperatorTestHarness<String, FeatureEvent, StoredCommand, StampedEvent> harness) {
        List<DeadLetterEvent> out = new ArrayList<>();
        Queue<StreamRecord<DeadLetterEvent>> queue = harness.getSideOutput(Outputs.DEAD_LETTERS);
        if (queue != null) {
            for (StreamRecord<DeadLetterEvent> r = queue.poll(); r != null; r = queue.poll()) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    /** The state of both operators at one checkpoint. */
    public record Snapshot(OperatorSubtaskState stamp, OperatorSubtaskState windows) {}

    public Snapshot snapshot() throws Exception {
        return new Snapshot(stamp.snapshot(1L, 1L), windows.snapshot());
    }

    @Override
    public void close() throws Exception {
        stamp.close();
        windows.close();
    }
}
