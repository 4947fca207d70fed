package io.streamingbatchnorm.flink.deadletter;

import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.InputEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Sends payloads the source refused to the dead letters and passes valid feature records on. */
public class SplitRejected extends ProcessFunction<InputEvent, FeatureEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(InputEvent in, Context ctx, Collector<FeatureEvent> out) {
        if (in.rejected != null) {
            ctx.output(Outputs.DEAD_LETTERS, in.rejected);
        } else {
            out.collect(in.feature);
        }
    }
}
