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
    /** How the running statistics are kept (ema, cumulative, average, decay). */
    public String running;
    /** Running decay's half-life in milliseconds; null for the other modes. */
    public Long halfLifeMs;
    /** The pseudo-count of the prior included in the statistics; null without a prior. */
    public Double priorWeight;
    /** {@code --renorm}: r and d of the last batch folded in, after clipping, and whether either was clipped. */
    public double[] renormR;

    public double[] renormD;
    public boolean[] renormClipped;

    public StatsEvent() {}
}
