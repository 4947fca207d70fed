package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.deadletter.DeadLetterFactory;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.DriftReport;
import io.streamingbatchnorm.flink.model.DriftWindowState;
import io.streamingbatchnorm.flink.model.KeyStatsState;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperator;
import org.apache.flink.streaming.runtime.operators.windowing.functions.InternalIterableProcessWindowFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Flink's window operator for the micro-batches, which normalizes an eval or late record at once instead of
 * giving it a window of its own: such a record needs no buffering, and a window per record cost a window state
 * write, read and purge and a trigger call on every eval record.
 *
 * <p>Train records, markers and every batch stay Flink keyed windows. Order is kept: a record reaches this
 * operator after everything of its key before it, and a mode change reaches it as a marker that fires the key's
 * open batch synchronously, so an eval record after a switch sees the statistics that include the batch before
 * the switch. The state is the window operator's own (same names, same uid), so savepoints move between the two
 * shapes in both directions.
 */
public final class MicroBatchOperator
        extends WindowOperator<String, StampedEvent, Iterable<StampedEvent>, NormalizedEvent, BatchWindow> {
    private static final long serialVersionUID = 1L;

    /** The name Flink's window operator gives its window contents; kept so that savepoints restore. */
    static final String WINDOW_STATE = "window-contents";

    private final MicroBatchFunction function;

    private MicroBatchOperator(
            MicroBatchAssigner assigner, KeyedStream<StampedEvent, String> input, MicroBatchFunction function) {
        super(
                assigner,
                BatchWindowSerializer.INSTANCE,
                input.getKeySelector(),
                Types.STRING.createSerializer(input.getExecutionConfig().getSerializerConfig()),
                new ListStateDescriptor<>(
                        WINDOW_STATE,
                        input.getType()
                                .createSerializer(input.getExecutionConfig().getSerializerConfig())),
                new InternalIterableProcessWindowFunction<>(function),
                assigner.getDefaultTrigger(),
                0L,
                null);
        this.function = function;
    }

    /** The micro-batch stage on {@code input}: windows for batches, eval and late records at once. */
    public static SingleOutputStreamOperator<NormalizedEvent> apply(
            KeyedStream<StampedEvent, String> input, NormalizerConfig config, DeadLetterFactory deadLetters) {
        MicroBatchOperator operator = new MicroBatchOperator(
                new MicroBatchAssigner(config), input, new MicroBatchFunction(config, deadLetters));
        return input.transform("normalize micro-batches", TypeInformation.of(NormalizedEvent.class), operator);
    }

    @Override
    public void processElement(StreamRecord<StampedEvent> element) throws Exception {
        StampedEvent e = element.getValue();
        if (!e.isImmediate()) {
            super.processElement(element);
            return;
        }
        ValueState<KeyStatsState> stored = getKeyedStateStore().getState(MicroBatchFunction.STATISTICS);
        ValueState<DriftWindowState> driftWindow = getKeyedStateStore().getState(MicroBatchFunction.DRIFT_WINDOW);
        function.apply(
                (String) getCurrentKey(), List.of(e), stored, driftWindow, new MicroBatchFunction.FiringOutput() {
                    @Override
                    public void normalized(NormalizedEvent n) {
                        output.collect(new StreamRecord<>(n, Long.MAX_VALUE));
                    }

                    @Override
                    public void deadLetter(DeadLetterEvent d) {
                        output.collect(Outputs.DEAD_LETTERS, new StreamRecord<>(d, Long.MAX_VALUE));
                    }

                    @Override
                    public void snapshot(StatsEvent s) {
                        output.collect(Outputs.STATS, new StreamRecord<>(s, Long.MAX_VALUE));
                    }

                    @Override
                    public void drift(DriftReport d) {
                        output.collect(Outputs.DRIFT, new StreamRecord<>(d, Long.MAX_VALUE));
                    }
                });
    }
}
