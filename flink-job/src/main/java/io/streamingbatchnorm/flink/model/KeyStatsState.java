package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.KeyStatistics;
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

    public KeyStatistics statistics() {
        return new KeyStatistics(dimension, RunningStatistics.of(runningMean, runningVar, featureCounts, m2), version,
                count, lastEventTime, resetGeneration);
    }
}
