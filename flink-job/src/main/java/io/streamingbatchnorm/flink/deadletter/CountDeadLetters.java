package io.streamingbatchnorm.flink.deadletter;

import io.streamingbatchnorm.flink.JobMetrics;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The last step of every dead letter before its sink: bounds its size ({@code --max-dead-letter-bytes}), so that
 * no input, however large, can make the dead-letter output fail, and counts it per reason code in the metric
 * group {@code deadLetters}.
 */
public class CountDeadLetters extends RichMapFunction<DeadLetterEvent, DeadLetterEvent> {
    private static final long serialVersionUID = 1L;
    private final int maxBytes;
    private transient MetricGroup group;
    private transient Map<String, Counter> counters;

    public CountDeadLetters(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.DEAD_LETTERS);
        counters = new HashMap<>();
    }

    @Override
    public DeadLetterEvent map(DeadLetterEvent d) {
        counters.computeIfAbsent(d.reason, group::counter).inc();
        return d.capped(maxBytes);
    }
}
