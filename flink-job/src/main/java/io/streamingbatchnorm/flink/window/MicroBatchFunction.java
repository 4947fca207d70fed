package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.model.ControlFields;
import io.streamingbatchnorm.flink.model.KeyStatsState;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.util.Collector;

/**
 * Normalizes one fired micro-batch through the core and keeps the key's running statistics in the
 * window operator's per-key global state: a train batch is normalized with its own statistics and
 * folded in; a record of its own window is normalized at once with the running statistics (eval mode,
 * or late). Publishes a snapshot whenever the statistics, mode or parameters change.
 */
public class MicroBatchFunction extends ProcessWindowFunction<StampedEvent, NormalizedEvent, String, BatchWindow> {
    private static final long serialVersionUID = 1L;

    public static final ValueStateDescriptor<KeyStatsState> STATISTICS =
            new ValueStateDescriptor<>("key-statistics", TypeInformation.of(KeyStatsState.class));

    private final NormalizerConfig config;
    private transient BatchMetrics metrics;

    public MicroBatchFunction(NormalizerConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new BatchMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void process(String key, Context ctx, Iterable<StampedEvent> elements, Collector<NormalizedEvent> out)
            throws Exception {
        ValueState<KeyStatsState> stored = ctx.globalState().getState(STATISTICS);
        KeyStatsState before = stored.value();
        KeyStatistics stats = before == null ? null : before.statistics();
        ControlFields control = before == null ? null : before.control;
        boolean changed = false;

        List<StampedEvent> batch = new ArrayList<>();
        for (StampedEvent e : elements) {
            if (!e.control.equals(control)) {
                if (!batch.isEmpty()) {
                    stats = train(batch, stats, out);
                    batch.clear();
                }
                control = e.control;
                changed = true;
            }
            if (e.isMarker()) {
                continue;
            }
            int generation = e.control.resetGeneration;
            if (stats == null || generation > stats.resetGeneration()) {
                stats = KeyStatistics.initial(e.feature.values.length, generation);
                changed = true;
            }
            if (e.isImmediate()) {
                normalizeNow(e, stats, before, out);
            } else {
                batch.add(e);
            }
        }
        if (!batch.isEmpty()) {
            KeyStatistics next = train(batch, stats, out);
            changed |= next != stats;
            stats = next;
        }
        if (changed && stats != null) {
            KeyStatsState after = KeyStatsState.of(stats, control);
            stored.update(after);
            ctx.output(Outputs.STATS, published(key, after));
            metrics.drift(before == null ? null : before.runningMean, after.runningMean);
        }
    }

    private KeyStatistics train(List<StampedEvent> batch, KeyStatistics stats, Collector<NormalizedEvent> out) {
        double[][] rows = new double[batch.size()][];
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = batch.get(i).feature.values;
            maxTime = Math.max(maxTime, batch.get(i).feature.eventTime);
        }
        ControlState control = batch.get(0).control.toState();
        KeyStatistics.TrainResult result = stats.train(rows, maxTime, control, config);
        long version = result.next().version();
        for (int i = 0; i < rows.length; i++) {
            out.collect(new NormalizedEvent(
                    batch.get(i).feature, result.outputs()[i], Mode.TRAIN, version, rows.length, false));
        }
        metrics.trainBatch(rows.length, result.folded());
        return result.next();
    }

    /** @param stored the key's state as read, whose cached normalizer serves while {@code stats} are its own */
    private void normalizeNow(
            StampedEvent e, KeyStatistics stats, KeyStatsState stored, Collector<NormalizedEvent> out) {
        double[] y = stored != null && stats == stored.statistics()
                ? stored.evalNormalizer(e.control, config).normalize(e.feature.values)
                : stats.eval(e.feature.values, e.control.toState(), config);
        out.collect(new NormalizedEvent(e.feature, y, e.control.mode, stats.version(), 1, e.late));
        metrics.immediate(e.control.mode, e.late);
    }

    /**
     * The statistics records stamped with {@code control} are normalized with: after a RESET whose first
     * record has not arrived yet (only its marker has), the initial ones, not the ones the RESET discards.
     */
    private static KeyStatistics statisticsFor(ControlFields control, KeyStatistics stats) {
        return control.resetGeneration > stats.resetGeneration()
                ? KeyStatistics.initial(stats.dimension(), control.resetGeneration)
                : stats;
    }

    /** The snapshot the job publishes for a key whose window state is {@code state}. */
    public static StatsEvent published(String key, KeyStatsState state) {
        return snapshot(key, statisticsFor(state.control, state.statistics()), state.control);
    }

    static StatsEvent snapshot(String key, KeyStatistics stats, ControlFields control) {
        ControlState c = control.toState();
        StatsEvent s = new StatsEvent();
        s.key = key;
        s.version = stats.version();
        s.mode = c.mode();
        s.count = stats.count();
        s.runningMean = stats.running().meanVector();
        s.runningVar = stats.running().varianceVector();
        s.gamma = c.gammaVector(stats.dimension());
        s.beta = c.betaVector(stats.dimension());
        s.momentum = c.momentum();
        s.epsilon = c.epsilon();
        s.eventTime = stats.lastEventTime() == KeyStatistics.NO_EVENT_TIME ? null : stats.lastEventTime();
        s.resetGeneration = stats.resetGeneration();
        return s;
    }
}
