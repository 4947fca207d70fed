package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.BatchMoments;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.DriftEvent;
import io.streamingbatchnorm.core.DriftMeasures;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.LatePolicy;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.OutputCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.core.Renormalization;
import io.streamingbatchnorm.core.Running;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.flink.model.ControlFields;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.KeyStatsState;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import java.util.Arrays;
import java.util.List;

/**
 * One key's statistics while the window operator works through a firing: trains batches and normalizes records
 * at once through the core, and hands every output to {@link Emitter} as a normalized record or a dead letter.
 * What the core keeps ({@link KeyStatistics}) travels with what only the job keeps: late values waiting to be
 * folded, the prior folded in, the last batch's renormalization.
 */
final class KeyBatches {
    /** Where outputs go. */
    interface Emitter {
        void normalized(NormalizedEvent e);

        void rejected(FeatureEvent f, Rejection why);

        void drift(DriftEvent d);
    }

    private final NormalizerConfig config;
    private final BatchMetrics metrics;
    private KeyStatistics stats;
    private double[] pendingValues;
    private long[] pendingTimes;
    private Double priorWeight;
    private Renormalization renorm;
    private boolean changed;
    private boolean pendingChanged;

    KeyBatches(KeyStatsState stored, NormalizerConfig config, BatchMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        if (stored != null) {
            stats = stored.statistics();
            pendingValues = stored.pendingLateValues;
            pendingTimes = stored.pendingLateTimes;
            priorWeight = stored.priorWeight;
        }
    }

    /** Starts the key's statistics afresh for a new key or a RESET; whether it did. */
    boolean resetFor(StampedEvent e) {
        int generation = e.control.resetGeneration;
        if (stats != null && generation <= stats.resetGeneration()) {
            return false;
        }
        stats = KeyStatistics.initial(e.feature.values.length, generation);
        pendingValues = null;
        pendingTimes = null;
        priorWeight = null;
        renorm = null;
        changed = true;
        return true;
    }

    KeyStatistics statistics() {
        return stats;
    }

    /** Whether the statistics changed, so that a snapshot is due. */
    boolean changed() {
        return changed;
    }

    /** Whether only the late values waiting to be folded changed: the state is due, a snapshot is not. */
    boolean pendingChanged() {
        return pendingChanged;
    }

    /**
     * Normalizes a train batch with its own statistics and folds it in, with the late values waiting; measures its
     * drift against the statistics before the fold.
     */
    void train(List<StampedEvent> batch, Emitter out) {
        int n = batch.size();
        double[][] rows = new double[n][];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            rows[i] = batch.get(i).feature.values;
            times[i] = batch.get(i).feature.eventTime;
        }
        ControlState control = batch.get(0).control.toState();
        double[][] late = pendingRows();
        long[] lateTimes = pendingTimes == null ? new long[0] : pendingTimes;
        KeyStatistics.TrainResult result = stats.train(rows, times, late, lateTimes, control, config);
        long version = result.next().version();
        for (int i = 0; i < n; i++) {
            Rejection why = result.rejection(i);
            if (why != null) {
                out.rejected(batch.get(i).feature, why);
            } else {
                out.normalized(
                        new NormalizedEvent(batch.get(i).feature, result.outputs()[i], Mode.TRAIN, version, n, false));
            }
        }
        metrics.trainBatch(n, result.folded(), result.batchRejection() != null);
        if (result.batchRejection() == null) {
            measureDrift(batch, rows, times, control, out);
        }
        if (result.folded()) {
            if (stats.version() == 0 && control.prior() != null) {
                priorWeight = control.prior().weight();
            }
            pendingValues = null;
            pendingTimes = null;
            renorm = result.renormalization();
            metrics.renormalized(renorm);
            stats = result.next();
            changed = true;
        }
    }

    /** Measures a batch against the statistics it has not been folded into yet; emits its event if it drifted. */
    private void measureDrift(
            List<StampedEvent> batch, double[][] rows, long[] times, ControlState control, Emitter out) {
        DriftMeasures measures =
                DriftMeasures.ofTrainBatch(stats, control, BatchMoments.of(rows, stats.dimension()), config);
        if (measures == null) {
            return;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long t : times) {
            first = Math.min(first, t);
            last = Math.max(last, t);
        }
        DriftEvent event =
                measures.event(batch.get(0).key, Mode.TRAIN, stats.version(), rows.length, first, last, config.drift());
        metrics.driftMeasured(measures, Mode.TRAIN, event != null);
        if (event != null) {
            out.drift(event);
        }
    }

    /**
     * Normalizes an eval or late record at once with the running statistics; a late record's values wait for the
     * next batch under {@code --late fold}.
     *
     * @param cached eval-mode normalization of these statistics under the record's stamp, or null to build one
     * @return whether the record was normalized (not dead-lettered)
     */
    boolean normalizeNow(StampedEvent e, KeyStatsState cached, Emitter out) {
        double[] x = e.feature.values;
        double[] y = cached != null && stats == cached.statistics()
                ? cached.evalNormalizer(e.control, config).normalize(x)
                : stats.eval(x, e.control.toState(), config);
        Rejection why = OutputCheck.validate(x, y);
        if (why != null) {
            out.rejected(e.feature, why);
        } else {
            out.normalized(new NormalizedEvent(e.feature, y, e.control.mode, stats.version(), 1, e.late));
        }
        metrics.immediate(e.control.mode, e.late);
        if (e.late && config.late() == LatePolicy.FOLD) {
            pendingValues = append(pendingValues, x);
            pendingTimes = append(pendingTimes, e.feature.eventTime);
            pendingChanged = true;
        }
        return why == null;
    }

    /** The state to keep for the key under {@code control}, the stamp of its latest record. */
    KeyStatsState toState(ControlFields control) {
        KeyStatsState s = KeyStatsState.of(stats, control);
        s.pendingLateValues = pendingValues;
        s.pendingLateTimes = pendingTimes;
        s.running = ConfigOption.flagForm(config.running());
        s.halfLifeMs = config.running() == Running.DECAY ? config.halfLifeMillis() : null;
        s.priorWeight = priorWeight;
        if (renorm != null) {
            int d = renorm.dimension();
            s.renormR = new double[d];
            s.renormD = new double[d];
            s.renormClipped = new boolean[d];
            for (int j = 0; j < d; j++) {
                s.renormR[j] = renorm.r(j);
                s.renormD[j] = renorm.d(j);
                s.renormClipped[j] = renorm.rClipped(j) || renorm.dClipped(j);
            }
        }
        return s;
    }

    private double[][] pendingRows() {
        if (pendingValues == null) {
            return new double[0][];
        }
        int d = stats.dimension();
        double[][] rows = new double[pendingValues.length / d][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(pendingValues, i * d, (i + 1) * d);
        }
        return rows;
    }

    private static double[] append(double[] a, double[] more) {
        double[] out = a == null ? new double[more.length] : Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, out.length - more.length, more.length);
        return out;
    }

    private static long[] append(long[] a, long more) {
        long[] out = a == null ? new long[1] : Arrays.copyOf(a, a.length + 1);
        out[out.length - 1] = more;
        return out;
    }
}
