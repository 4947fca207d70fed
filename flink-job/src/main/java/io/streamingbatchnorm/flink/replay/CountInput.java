package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.flink.model.InputEvent;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts the input's records (each line that is not blank), passing them through: each becomes an output or a dead letter. */
final class CountInput extends RichMapFunction<InputEvent, InputEvent> {
    private static final long serialVersionUID = 1L;
    static final String COUNTER = "replay-input-lines";

    private transient LongCounter read;

    @Override
    public void open(OpenContext openContext) {
        read = new LongCounter();
        getRuntimeContext().addAccumulator(COUNTER, read);
    }

    @Override
    public InputEvent map(InputEvent e) {
        read.add(1L);
        return e;
    }
}
