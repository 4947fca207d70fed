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
            statistics = new KeyStatistics(
                    dimension,
                    RunningStatistics.of(runningMean, runningVar, featureCounts, m2),
                    version,
                    count,
                    lastEventTime,
                    resetGeneration);
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
