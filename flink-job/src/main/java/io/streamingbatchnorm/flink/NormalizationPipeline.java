package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.control.ControlStampFunction;
import io.streamingbatchnorm.flink.control.ValidateCommands;
import io.streamingbatchnorm.flink.deadletter.CountDeadLetters;
import io.streamingbatchnorm.flink.deadletter.DeadLetterFactory;
import io.streamingbatchnorm.flink.deadletter.SplitRejected;
import io.streamingbatchnorm.flink.model.ControlInput;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.flink.window.MicroBatchOperator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The normalization dataflow, whatever the sources and sinks (Kafka topics, or replay files):
 *
 * <pre>
 * input --split rejected--> features --keyBy(key)--> control stamp <--broadcast-- validated commands
 *       --> micro-batch windows (same key, no shuffle) --> normalized records, stats snapshots, drift events
 * </pre>
 *
 * Dead letters of every stage are merged into one stream.
 */
public final class NormalizationPipeline {
    private NormalizationPipeline() {}

    /**
     * Wires the dataflow.
     *
     * @param input decoded payloads with event-time timestamps and watermarks assigned
     * @param control decoded control payloads
     * @param initialCommands valid commands known before the job starts; they apply before the first record
     */
    public static JobStreams build(
            DataStream<InputEvent> input,
            DataStream<ControlInput> control,
            List<StoredCommand> initialCommands,
            NormalizerConfig config,
            DeadLetterFactory deadLetters) {
        // Same parallelism as the source, so the split is chained to it: a rebalance here would let records
        // of one key overtake each other on their way to the keyed stages.
        SingleOutputStreamOperator<FeatureEvent> features = input.process(new SplitRejected())
                .uid("split-rejected")
                .name("split rejected payloads")
                .setParallelism(input.getParallelism());

        SingleOutputStreamOperator<StoredCommand> commands = control.process(new ValidateCommands(config))
                .uid("validate-commands")
                .name("validate control commands")
                .setParallelism(1);
        BroadcastStream<StoredCommand> broadcast = commands.broadcast(ControlStampFunction.COMMANDS);

        SingleOutputStreamOperator<StampedEvent> stamped = features.keyBy(f -> f.key, Types.STRING)
                .connect(broadcast)
                .process(new ControlStampFunction(config, initialCommands, deadLetters))
                .uid("control-stamp")
                .name("stamp control state");

        SingleOutputStreamOperator<NormalizedEvent> normalized = MicroBatchOperator.apply(
                        DataStreamUtils.reinterpretAsKeyedStream(stamped, e -> e.key, Types.STRING),
                        config,
                        deadLetters)
                .uid("micro-batches")
                .name("normalize micro-batches");

        DataStream<DeadLetterEvent> dead = features.getSideOutput(Outputs.DEAD_LETTERS)
                .union(
                        commands.getSideOutput(Outputs.DEAD_LETTERS),
                        stamped.getSideOutput(Outputs.DEAD_LETTERS),
                        normalized.getSideOutput(Outputs.DEAD_LETTERS))
                .map(new CountDeadLetters(config.maxDeadLetterBytes()))
                .uid("count-dead-letters")
                .name("count dead letters");
        return new JobStreams(
                normalized, normalized.getSideOutput(Outputs.STATS), dead, normalized.getSideOutput(Outputs.DRIFT));
    }
}
