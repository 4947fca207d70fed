package io.streamingbatchnorm.core;

import java.util.Arrays;

/**
 * How far a batch (or an eval window) of a key lies from the running statistics it is compared with, per feature
 * j, with the running mean m and variance v and the batch's mean b and biased variance w:
 *
 * <pre>
 * shift_j = (b_j - m_j) / sqrt(v_j + epsilon)          how many running standard deviations the mean moved
 * ratio_j = (w_j + epsilon) / (v_j + epsilon)          how much the spread changed
 * </pre>
 *
 * <p>A feature is measured only when the batch has at least {@link #minimumCount} present values of it (a variance
 * needs two, and a feature below {@code --min-batch-size} is not folded either); its measures are NaN otherwise,
 * and a NaN never crosses a threshold. With epsilon 0 and a running variance of 0 the denominators are 0: a mean
 * and spread that did not move measure 0 and 1, anything else an infinite shift or ratio.
 *
 * <p>Immutable; a pure function of its inputs, so a streaming job and a replay of the same batches get the same
 * bits.
 */
public final class DriftMeasures {
    private final double[] shift;
    private final double[] ratio;

    private DriftMeasures(double[] shift, double[] ratio) {
        this.shift = shift;
        this.ratio = ratio;
    }

    /** The measures from their parts; the arrays are copied. NaN marks a feature that was not measured. */
    public static DriftMeasures of(double[] shift, double[] ratio) {
        if (shift.length != ratio.length) {
            throw new IllegalArgumentException(
                    "shift and ratio differ in length: " + shift.length + " and " + ratio.length);
        }
        return new DriftMeasures(shift.clone(), ratio.clone());
    }

    /** Present values a feature needs in a batch to be measured: 2, or {@code --min-batch-size} if larger. */
    public static int minimumCount(NormalizerConfig config) {
        return Math.max(2, config.minBatchSize());
    }

    /**
     * The measures of a train batch against the statistics its key had before the batch was folded, or {@code null}
     * when there is nothing to compare with: a key at version 0 (new, or just RESET) whose control state has no
     * prior.
     *
     * @param before the key's statistics before the fold ({@code TrainResult.next()} is the one after)
     * @param control the control state the batch was normalized under: its prior and epsilon are used
     * @param batch the moments of the batch's rows ({@code BatchMoments.of(rows, dimension)})
     */
    public static DriftMeasures ofTrainBatch(
            KeyStatistics before, ControlState control, BatchMoments batch, NormalizerConfig config) {
        if (before.version() == 0 && control.prior() == null) {
            return null;
        }
        return of(before.runningFor(control), batch, control.epsilon(), minimumCount(config));
    }

    /**
     * The measures of {@code batch} against {@code running}: the formulas of the class comment, for every feature
     * with at least {@code minCount} present values.
     */
    public static DriftMeasures of(RunningStatistics running, BatchMoments batch, double epsilon, int minCount) {
        int d = running.dimension();
        if (batch.dimension() != d) {
            throw new IllegalArgumentException(
                    "batch of dimension " + batch.dimension() + " against statistics of dimension " + d);
        }
        double[] shift = new double[d];
        double[] ratio = new double[d];
        for (int j = 0; j < d; j++) {
            if (batch.count(j) < minCount) {
                shift[j] = Double.NaN;
                ratio[j] = Double.NaN;
                continue;
            }
            // (provisional mean - m) + correction keeps the digits of means around 1e9 that differ in the last few.
            double difference = (batch.shift(j) - running.mean(j)) + batch.correction(j);
            shift[j] = shiftOf(difference, running.variance(j), epsilon);
            ratio[j] = ratioOf(batch.variance(j), running.variance(j), epsilon);
        }
        return new DriftMeasures(shift, ratio);
    }

    /** {@code difference / sqrt(variance + epsilon)}, 0 for 0 / 0. */
    static double shiftOf(double difference, double variance, double epsilon) {
        double denominator = Math.sqrt(variance + epsilon);
        return difference == 0.0 ? 0.0 : difference / denominator;
    }

    /** {@code (batchVariance + epsilon) / (variance + epsilon)}, 1 for 0 / 0. */
    static double ratioOf(double batchVariance, double variance, double epsilon) {
        double numerator = batchVariance + epsilon;
        double denominator = variance + epsilon;
        return numerator == denominator ? 1.0 : numerator / denominator;
    }

    public int dimension() {
        return shift.length;
    }

    /** The shift of feature {@code j}, NaN when it was not measured. */
    public double shift(int j) {
        return shift[j];
    }

    /** The variance ratio of feature {@code j}, NaN when it was not measured. */
    public double ratio(int j) {
        return ratio[j];
    }

    public double[] shiftVector() {
        return shift.clone();
    }

    public double[] ratioVector() {
        return ratio.clone();
    }

    /** The largest |shift| over the measured features, 0 when none was measured. */
    public double maxAbsShift() {
        double max = 0.0;
        for (double s : shift) {
            if (Math.abs(s) > max) {
                max = Math.abs(s);
            }
        }
        return max;
    }

    /**
     * The drift event these measures make under {@code thresholds}, or {@code null} when no feature crosses one.
     *
     * @param statsVersion the version of the statistics compared against
     * @param windowSize the records of the batch or eval window
     * @param firstEventTime the earliest event time of its records
     * @param lastEventTime the latest event time of its records
     */
    public DriftEvent event(
            String key,
            Mode mode,
            long statsVersion,
            int windowSize,
            long firstEventTime,
            long lastEventTime,
            DriftThresholds thresholds) {
        int[] crossed = thresholds.crossed(this);
        if (crossed.length == 0) {
            return null;
        }
        return new DriftEvent(
                key, mode, statsVersion, windowSize, firstEventTime, lastEventTime, shift, ratio, crossed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftMeasures other
                && Arrays.equals(shift, other.shift)
                && Arrays.equals(ratio, other.ratio);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shift) * 31 + Arrays.hashCode(ratio);
    }

    @Override
    public String toString() {
        return "DriftMeasures{shift=" + Arrays.toString(shift) + ", ratio=" + Arrays.toString(ratio) + "}";
    }
}
