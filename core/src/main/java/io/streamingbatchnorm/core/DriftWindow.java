package io.streamingbatchnorm.core;

import java.util.Arrays;

/**
 * The eval records of one key, gathered into tumbling windows of {@code --drift-window} records, each measured
 * against the frozen statistics they were normalized with ({@link DriftMeasures}): so that the inputs of a model
 * that no longer trains are watched too.
 *
 * <p>A window holds records normalized with one statistics version: a record normalized with another version (the
 * key trained in between, or was RESET) drops the records gathered so far and starts a new window, since they were
 * compared with statistics that no longer hold. A key at version 0 without a prior has nothing to compare with, as
 * in train mode, and its records are not gathered. A window that is not full when the input ends is not measured.
 *
 * <p>Per feature it keeps the count, mean and centered sum of squares of the present values (Welford's update, one
 * pass, numerically stable), not the records. Mutable: one per key, owned by the operator that feeds it; the
 * accessors and {@link #restore} take it apart and put it back together for state.
 */
public final class DriftWindow {
    /** Marks a window that holds no record, so has no statistics version yet. */
    public static final long NO_VERSION = -1;

    private final long[] counts;
    private final double[] mean;
    private final double[] m2;
    private long statsVersion = NO_VERSION;
    private int resetGeneration;
    private int records;
    private long firstEventTime = Long.MAX_VALUE;
    private long lastEventTime = Long.MIN_VALUE;

    private DriftWindow(int dimension) {
        counts = new long[dimension];
        mean = new double[dimension];
        m2 = new double[dimension];
    }

    /** An empty window for a key of {@code dimension} features. */
    public static DriftWindow empty(int dimension) {
        return new DriftWindow(dimension);
    }

    /** A window from the parts its accessors give; the arrays are copied. */
    public static DriftWindow restore(
            long statsVersion,
            int resetGeneration,
            int records,
            long firstEventTime,
            long lastEventTime,
            long[] counts,
            double[] mean,
            double[] m2) {
        if (counts.length != mean.length || mean.length != m2.length) {
            throw new IllegalArgumentException(
                    "drift window arrays differ in length: " + counts.length + ", " + mean.length + ", " + m2.length);
        }
        DriftWindow w = new DriftWindow(counts.length);
        System.arraycopy(counts, 0, w.counts, 0, counts.length);
        System.arraycopy(mean, 0, w.mean, 0, mean.length);
        System.arraycopy(m2, 0, w.m2, 0, m2.length);
        w.statsVersion = statsVersion;
        w.resetGeneration = resetGeneration;
        w.records = records;
        w.firstEventTime = firstEventTime;
        w.lastEventTime = lastEventTime;
        return w;
    }

    /** A full window: its measures and what the drift event reports about it. */
    public record Full(
            DriftMeasures measures, long statsVersion, int records, long firstEventTime, long lastEventTime) {
        /** The eval-mode drift event of this window, or {@code null} when no feature crosses a threshold. */
        public DriftEvent event(String key, DriftThresholds thresholds) {
            return measures.event(key, Mode.EVAL, statsVersion, records, firstEventTime, lastEventTime, thresholds);
        }
    }

    /**
     * Gathers one eval record normalized with {@code stats} under {@code control}; when it fills the window, measures
     * the window against those statistics and empties it.
     *
     * @param x the record's values, NaN for missing ones, of the window's dimension
     * @return the full window's measures, or {@code null} while it fills
     */
    public Full add(double[] x, long eventTime, KeyStatistics stats, ControlState control, NormalizerConfig config) {
        if (x.length != counts.length) {
            throw new IllegalArgumentException(
                    "record of dimension " + x.length + " for a drift window of dimension " + counts.length);
        }
        if (stats.version() == 0 && control.prior() == null) {
            clear();
            return null;
        }
        if (records > 0 && (stats.version() != statsVersion || stats.resetGeneration() != resetGeneration)) {
            clear();
        }
        statsVersion = stats.version();
        resetGeneration = stats.resetGeneration();
        records++;
        firstEventTime = Math.min(firstEventTime, eventTime);
        lastEventTime = Math.max(lastEventTime, eventTime);
        for (int j = 0; j < x.length; j++) {
            double v = x[j];
            if (v == v) {
                long n = ++counts[j];
                double delta = v - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (v - mean[j]);
            }
        }
        if (records < config.drift().window()) {
            return null;
        }
        Full full = new Full(
                measure(stats.runningFor(control), control.epsilon(), config),
                statsVersion,
                records,
                firstEventTime,
                lastEventTime);
        clear();
        return full;
    }

    private DriftMeasures measure(RunningStatistics running, double epsilon, NormalizerConfig config) {
        int d = counts.length;
        int minCount = DriftMeasures.minimumCount(config);
        double[] shift = new double[d];
        double[] ratio = new double[d];
        for (int j = 0; j < d; j++) {
            if (counts[j] < minCount) {
                shift[j] = Double.NaN;
                ratio[j] = Double.NaN;
            } else {
                shift[j] = DriftMeasures.shiftOf(mean[j] - running.mean(j), running.variance(j), epsilon);
                ratio[j] = DriftMeasures.ratioOf(m2[j] / counts[j], running.variance(j), epsilon);
            }
        }
        return DriftMeasures.of(shift, ratio);
    }

    private void clear() {
        Arrays.fill(counts, 0);
        Arrays.fill(mean, 0.0);
        Arrays.fill(m2, 0.0);
        statsVersion = NO_VERSION;
        resetGeneration = 0;
        records = 0;
        firstEventTime = Long.MAX_VALUE;
        lastEventTime = Long.MIN_VALUE;
    }

    public int dimension() {
        return counts.length;
    }

    /** Records gathered so far. */
    public int records() {
        return records;
    }

    /** The version of the statistics the gathered records were normalized with, or {@link #NO_VERSION}. */
    public long statsVersion() {
        return statsVersion;
    }

    public int resetGeneration() {
        return resetGeneration;
    }

    public long firstEventTime() {
        return firstEventTime;
    }

    public long lastEventTime() {
        return lastEventTime;
    }

    /** Present values per feature. */
    public long[] countVector() {
        return counts.clone();
    }

    public double[] meanVector() {
        return mean.clone();
    }

    /** Centered sum of squares per feature. */
    public double[] m2Vector() {
        return m2.clone();
    }
}
