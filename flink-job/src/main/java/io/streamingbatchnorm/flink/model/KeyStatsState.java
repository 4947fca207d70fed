package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.EvalNormalizer;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.RunningStatistics;

/**
 * The window operator's per-key state: the flat, serializable form of a core {@link KeyStatistics} and
 * the control state last applied. Flink's POJO serializer keeps it restorable when fields are added.
 */
public class KeyStatsState {
    public int dimension;
    public double[] runningMean;
    public double[] runningVar;
    public long[] featureCounts;
    public double[] m2;
    /** Sum of the weights folded in per feature (decay, priors); null in state written before they existed. */
    public double[] weightSum;

    public double[] squaredWeightSum;
    /** The event time decay weights are relative to. */
    public long landmark;
    /**
     * {@code --late fold}: values of late records waiting for the key's next batch, row after row, and their event
     * times; null when none wait.
     */
    public double[] pendingLateValues;

    public long[] pendingLateTimes;
    /** How the statistics are kept ({@code ema}, {@code decay}...) and decay's half-life, for snapshots. */
    public String running;

    public Long halfLifeMs;
    /** The prior's pseudo-count folded into the statistics with their first batch; null without one. */
    public Double priorWeight;
    /** {@code --renorm}: r and d of the last batch folded in, and whether either was clipped, per feature. */
    public double[] renormR;

    public double[] renormD;
    public boolean[] renormClipped;
    public long version;
    public long count;
    public long lastEventTime;
    public int resetGeneration;
    public ControlFields control;

    // Derived from the fields above and never serialized. With the heap state backend the operator gets
    // the same object back for every record of the key, so eval-mode records reuse them instead of copying
    // the statistics and computing the scales again; other backends hand out a fresh copy, which rebuilds.
    private transient KeyStatistics statistics;
    private transient EvalNormalizer evalNormalizer;
    private transient ControlFields evalControl;

    public KeyStatsState() {}

    public static KeyStatsState of(KeyStatistics s, ControlFields control) {
        KeyStatsState k = new KeyStatsState();
        RunningStatistics r = s.running();
        k.dimension = s.dimension();
        k.runningMean = r.meanVector();
        k.runningVar = r.varianceVector();
        k.featureCounts = r.countVector();
        k.m2 = r.m2Vector();
        k.weightSum = r.weightSumVector();
        k.squaredWeightSum = r.squaredWeightSumVector();
        k.landmark = r.landmark();
        k.version = s.version();
        k.count = s.count();
        k.lastEventTime = s.lastEventTime();
        k.resetGeneration = s.resetGeneration();
        k.control = control;
        return k;
    }

    /** The core form of these statistics; the fields must not change after the first call. */
    public KeyStatistics statistics() {
        if (statistics == null) {
            RunningStatistics running = weightSum == null
                    ? RunningStatistics.of(runningMean, runningVar, featureCounts, m2)
                    : RunningStatistics.of(
                            runningMean, runningVar, featureCounts, m2, weightSum, squaredWeightSum, landmark);
            statistics = new KeyStatistics(dimension, running, version, count, lastEventTime, resetGeneration);
        }
        return statistics;
    }

    /** Eval-mode normalization with these statistics and {@code stamp}, kept while the stamp repeats. */
    public EvalNormalizer evalNormalizer(ControlFields stamp, NormalizerConfig config) {
        if (evalNormalizer == null || !stamp.equals(evalControl)) {
            evalNormalizer = statistics().evalNormalizer(stamp.toState(), config);
            evalControl = stamp;
        }
        return evalNormalizer;
    }
}
