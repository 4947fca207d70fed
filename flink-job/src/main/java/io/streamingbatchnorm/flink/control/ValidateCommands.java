package io.streamingbatchnorm.flink.control;

import io.streamingbatchnorm.core.CommandCheck;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.model.ControlInput;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Passes valid control commands on to the broadcast and sends the rest to the dead letters, changing nothing. */
public class ValidateCommands extends ProcessFunction<ControlInput, StoredCommand> {
    private static final long serialVersionUID = 1L;
    private final NormalizerConfig config;

    public ValidateCommands(NormalizerConfig config) {
        this.config = config;
    }

    @Override
    public void processElement(ControlInput in, Context ctx, Collector<StoredCommand> out) {
        if (in.rejected != null) {
            ctx.output(Outputs.DEAD_LETTERS, in.rejected);
            return;
        }
        Rejection why = CommandCheck.validate(in.command.toCommand(), config);
        if (why != null) {
            ctx.output(
                    Outputs.DEAD_LETTERS,
                    new DeadLetterEvent(
                            in.original,
                            in.topic,
                            in.partition,
                            in.offset,
                            in.line,
                            why.reason().name(),
                            why.message(),
                            System.currentTimeMillis()));
            return;
        }
        out.collect(in.command);
    }
}
