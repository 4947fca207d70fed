package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.JobStreams;
import io.streamingbatchnorm.flink.NormalizationPipeline;
import io.streamingbatchnorm.flink.deadletter.DeadLetterFactory;
import io.streamingbatchnorm.flink.model.ControlInput;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The dataflow of every bounded replay, whatever its input (a file, or records a test gives) and its outputs:
 * the normalization pipeline of the streaming job, with the control commands known before the job starts.
 */
public final class ReplayGraph {
    private ReplayGraph() {}

    /** Event-time timestamps from each record and bounded out-of-orderness watermarks, as the Kafka job has. */
    public static WatermarkStrategy<InputEvent> watermarks(NormalizerConfig config) {
        return WatermarkStrategy.<InputEvent>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withTimestampAssigner((e, previous) -> e.timestamp());
    }

    /**
     * Wires the pipeline onto {@code input}, a single-parallelism stream in the input's order with timestamps and
     * watermarks already assigned (so that each key's records reach the keyed stages in order).
     */
    public static JobStreams build(
            StreamExecutionEnvironment env,
            DataStream<InputEvent> input,
            List<StoredCommand> commands,
            NormalizerConfig config,
            DeadLetterFactory deadLetters) {
        List<ControlInput> inputs = new ArrayList<>();
        for (StoredCommand c : commands) {
            ControlInput in = new ControlInput();
            in.command = c;
            in.line = c.sequence;
            inputs.add(in);
        }
        TypeInformation<ControlInput> controlType = TypeInformation.of(ControlInput.class);
        // fromData refuses an empty collection, and a replay without a control file is the common case.
        DataStream<ControlInput> control = inputs.isEmpty()
                ? env.fromSequence(0, 0)
                        .flatMap(new NoCommands())
                        .returns(controlType)
                        .setParallelism(1)
                : env.fromData(inputs, controlType).setParallelism(1);
        return NormalizationPipeline.build(input, control, commands, config, deadLetters);
    }

    /** The control stream of a replay without control commands: one placeholder element that yields nothing. */
    static final class NoCommands implements FlatMapFunction<Long, ControlInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Long ignored, Collector<ControlInput> out) {}
    }
}
