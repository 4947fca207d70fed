package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.DriftEvent;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.deadletter.DeadLetterFactory;
import io.streamingbatchnorm.flink.model.ControlFields;
import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.DriftReport;
import io.streamingbatchnorm.flink.model.DriftWindowState;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.KeyStatsState;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.util.Collector;

/**
 * Normalizes one fired micro-batch through the core and keeps the key's running statistics in the
 * window operator's per-key global state: a train batch is normalized with its own statistics and
 * folded in; a record of its own window is normalized at once with the running statistics (eval mode,
 * or late). Publishes a snapshot whenever the statistics, mode or parameters change, and a drift event when a
 * train batch or a window of eval records moved away from the statistics it is compared with.
 */
public class MicroBatchFunction extends ProcessWindowFunction<StampedEvent, NormalizedEvent, String, BatchWindow> {
    private static final long serialVersionUID = 1L;

    public static final ValueStateDescriptor<KeyStatsState> STATISTICS =
            new ValueStateDescriptor<>("key-statistics", TypeInformation.of(KeyStatsState.class));

    /** The eval-mode drift window of a key, while it gathers eval records. */
    public static final ValueStateDescriptor<DriftWindowState> DRIFT_WINDOW =
            new ValueStateDescriptor<>("drift-window", TypeInformation.of(DriftWindowState.class));

    private final NormalizerConfig config;
    private final DeadLetterFactory deadLetters;
    private transient BatchMetrics metrics;

    public MicroBatchFunction(NormalizerConfig config, DeadLetterFactory deadLetters) {
        this.config = config;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new BatchMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void process(String key, Context ctx, Iterable<StampedEvent> elements, Collector<NormalizedEvent> out)
            throws Exception {
        KeyedStateStore state = ctx.globalState();
        apply(key, elements, state.getState(STATISTICS), state.getState(DRIFT_WINDOW), new FiringOutput() {
            @Override
            public void normalized(NormalizedEvent e) {
                out.collect(e);
            }

            @Override
            public void deadLetter(DeadLetterEvent d) {
                ctx.output(Outputs.DEAD_LETTERS, d);
            }

            @Override
            public void snapshot(StatsEvent s) {
                ctx.output(Outputs.STATS, s);
            }

            @Override
            public void drift(DriftReport d) {
                ctx.output(Outputs.DRIFT, d);
            }
        });
    }

    /** Where the results of a firing, or of a record normalized at once, go. */
    interface FiringOutput {
        void normalized(NormalizedEvent e);

        void deadLetter(DeadLetterEvent d);

        void snapshot(StatsEvent s);

        void drift(DriftReport d);
    }

    /**
     * The work of one firing, or of one eval or late record normalized at once ({@link MicroBatchOperator}), on the
     * key's statistics in {@code stored}: markers apply control changes, train records form batches, the rest is
     * normalized at once and eval records gathered into the key's drift window; a snapshot follows any change.
     */
    void apply(
            String key,
            Iterable<StampedEvent> elements,
            ValueState<KeyStatsState> stored,
            ValueState<DriftWindowState> driftWindow,
            FiringOutput out)
            throws Exception {
        KeyStatsState before = stored.value();
        KeyBatches batches = new KeyBatches(before, config, metrics);
        EvalDrift evalDrift = new EvalDrift(driftWindow, config, metrics);
        KeyBatches.Emitter emit = new KeyBatches.Emitter() {
            @Override
            public void normalized(NormalizedEvent e) {
                out.normalized(e);
            }

            @Override
            public void rejected(FeatureEvent f, Rejection why) {
                out.deadLetter(deadLetters.forFeature(f, why));
            }

            @Override
            public void drift(DriftEvent d) {
                out.drift(DriftReport.of(d));
            }
        };
        ControlFields control = before == null ? null : before.control;
        boolean controlChanged = false;
        List<StampedEvent> batch = new ArrayList<>();
        for (StampedEvent e : elements) {
            if (e.expire) {
                // Alone in its window, after a marker that closed the key's open batches (--key-ttl).
                stored.clear();
                evalDrift.clear();
                metrics.keyExpired();
                return;
            }
            if (!e.control.equals(control)) {
                if (!batch.isEmpty()) {
                    batches.train(batch, emit);
                    batch.clear();
                }
                control = e.control;
                controlChanged = true;
            }
            if (e.isMarker()) {
                continue;
            }
            batches.resetFor(e);
            if (e.isImmediate()) {
                if (batches.normalizeNow(e, before, emit) && e.isEval()) {
                    DriftEvent drifted = evalDrift.add(e, batches.statistics());
                    if (drifted != null) {
                        emit.drift(drifted);
                    }
                }
            } else {
                batch.add(e);
            }
        }
        if (!batch.isEmpty()) {
            batches.train(batch, emit);
        }
        evalDrift.flush();
        if (batches.statistics() == null) {
            return;
        }
        boolean publish = controlChanged || batches.changed();
        if (publish || batches.pendingChanged()) {
            KeyStatsState after = batches.toState(control);
            stored.update(after);
            if (publish) {
                out.snapshot(published(key, after));
                metrics.drift(before == null ? null : before.runningMean, after.runningMean);
            }
        }
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
        KeyStatistics stats = statisticsFor(state.control, state.statistics());
        StatsEvent s = snapshot(key, stats, state.control);
        s.running = state.running;
        s.halfLifeMs = state.halfLifeMs;
        boolean fresh = stats != state.statistics();
        s.priorWeight = stats.version() == 0
                ? (state.control.priorMean == null ? null : state.control.priorWeight)
                : state.priorWeight;
        if (!fresh) {
            s.renormR = state.renormR;
            s.renormD = state.renormD;
            s.renormClipped = state.renormClipped;
        }
        return s;
    }

    static StatsEvent snapshot(String key, KeyStatistics stats, ControlFields control) {
        ControlState c = control.toState();
        StatsEvent s = new StatsEvent();
        s.key = key;
        s.version = stats.version();
        s.mode = c.mode();
        s.count = stats.count();
        // A key at version 0 with a prior is normalized with the prior: publish what serving should use.
        s.runningMean = stats.runningFor(c).meanVector();
        s.runningVar = stats.runningFor(c).varianceVector();
        s.gamma = c.gammaVector(stats.dimension());
        s.beta = c.betaVector(stats.dimension());
        s.momentum = c.momentum();
        s.epsilon = c.epsilon();
        s.eventTime = stats.lastEventTime() == KeyStatistics.NO_EVENT_TIME ? null : stats.lastEventTime();
        s.resetGeneration = stats.resetGeneration();
        return s;
    }
}
