package io.streamingbatchnorm.flink.model;

import io.streamingbatchnorm.core.Mode;

/** A published snapshot of one key's running statistics and parameters (DESIGN 3, StatsSnapshot). */
public class StatsEvent {
    public String key;
    public long version;
    public Mode mode;
    public long count;
    public double[] runningMean;
    public double[] runningVar;
    public double[] gamma;
    public double[] beta;
    public double momentum;
    public double epsilon;
    /** Event time of the last batch folded in; null before the first. */
    public Long eventTime;
    /** RESETs the key has been through; versions count from 0 again after each. */
    public int resetGeneration;

    public StatsEvent() {}
}
