package io.streamingbatchnorm.core;

import java.util.Arrays;

/**
 * The running mean and variance of each feature of a key, with what each running mode needs to fold the next
 * batch exactly.
 *
 * <p>The parts, as kept in state and snapshots ({@link #of(double[], double[], long[], double[], double[], double[],
 * long)} rebuilds a value from them):
 *
 * <ul>
 *   <li>{@code mean}, {@code variance}: what normalizes records.
 *   <li>{@code counts}: values folded in per feature.
 *   <li>{@code m2}: the pooled centered sum of squares ({@code cumulative}, {@code decay}; weighted under decay),
 *       a prior's included; the other modes carry it unchanged.
 *   <li>{@code weightSum} (V1): the total weight folded in per feature, a prior's weight included: values under
 *       {@code ema} and {@code cumulative}, batches under {@code average}, decayed value weights under {@code
 *       decay} (relative to the landmark).
 *   <li>{@code squaredWeightSum} (V2): the sum of the squared weights of the values (batches under average), a
 *       prior excluded; what the unbiased variance of {@code decay} and {@code cumulative} divides by, {@code V1 -
 *       V2 / V1}.
 *   <li>{@code landmark}: under {@code decay}, the event time at which a value weighs 1; the latest event time
 *       folded in, so that every weight is at most 1 and no sum can overflow ({@link #NO_LANDMARK} before).
 * </ul>
 *
 * <p>Immutable: {@link #fold} returns a new value. Accessors return copies.
 */
public final class RunningStatistics {
    /** The landmark of statistics that have no decay weights yet. */
    public static final long NO_LANDMARK = Long.MIN_VALUE;

    private final double[] mean;
    private final double[] variance;
    private final long[] counts;
    private final double[] m2;
    private final double[] weightSum;
    private final double[] squaredWeightSum;
    private final long landmark;

    RunningStatistics(
            double[] mean,
            double[] variance,
            long[] counts,
            double[] m2,
            double[] weightSum,
            double[] squaredWeightSum,
            long landmark) {
        this.mean = mean;
        this.variance = variance;
        this.counts = counts;
        this.m2 = m2;
        this.weightSum = weightSum;
        this.squaredWeightSum = squaredWeightSum;
        this.landmark = landmark;
    }

    /** Mean 0 and variance 1 for each of {@code dimension} features, nothing folded in. */
    public static RunningStatistics initial(int dimension) {
        double[] variance = new double[dimension];
        Arrays.fill(variance, 1.0);
        return new RunningStatistics(
                new double[dimension],
                variance,
                new long[dimension],
                new double[dimension],
                new double[dimension],
                new double[dimension],
                NO_LANDMARK);
    }

    /**
     * The statistics a key starts from under {@code prior} (see {@link Prior} for what each mode does with it):
     * its mean and variance, weight k, and a sum of squares of k times the variance. Without a prior, {@link
     * #initial(int)}.
     */
    public static RunningStatistics initial(int dimension, Prior prior) {
        if (prior == null) {
            return initial(dimension);
        }
        if (prior.dimension() != dimension) {
            throw new IllegalArgumentException(
                    "prior of dimension " + prior.dimension() + " for statistics of dimension " + dimension);
        }
        double k = prior.weight();
        double[] m2 = new double[dimension];
        double[] weightSum = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            m2[j] = k * prior.variance(j);
            weightSum[j] = k;
        }
        return new RunningStatistics(
                prior.meanVector(),
                prior.varianceVector(),
                new long[dimension],
                m2,
                weightSum,
                new double[dimension],
                NO_LANDMARK);
    }

    /**
     * Rebuilds a value kept before weight sums existed ({@code ema}, or {@code cumulative} without a prior): every
     * value weighed 1, so both weight sums are the counts. The arrays are copied.
     */
    public static RunningStatistics of(double[] mean, double[] variance, long[] counts, double[] m2) {
        double[] weights = new double[counts.length];
        for (int j = 0; j < weights.length; j++) {
            weights[j] = counts[j];
        }
        return of(mean, variance, counts, m2, weights, weights, NO_LANDMARK);
    }

    /** Rebuilds a value from its parts, as kept in state or a snapshot; the arrays are copied. */
    public static RunningStatistics of(
            double[] mean,
            double[] variance,
            long[] counts,
            double[] m2,
            double[] weightSum,
            double[] squaredWeightSum,
            long landmark) {
        int d = mean.length;
        if (variance.length != d
                || counts.length != d
                || m2.length != d
                || weightSum.length != d
                || squaredWeightSum.length != d) {
            throw new IllegalArgumentException("running statistics arrays differ in length: mean " + d + ", variance "
                    + variance.length + ", counts " + counts.length + ", m2 " + m2.length + ", weight sums "
                    + weightSum.length + " and " + squaredWeightSum.length);
        }
        return new RunningStatistics(
                mean.clone(),
                variance.clone(),
                counts.clone(),
                m2.clone(),
                weightSum.clone(),
                squaredWeightSum.clone(),
                landmark);
    }

    public int dimension() {
        return mean.length;
    }

    public double mean(int j) {
        return mean[j];
    }

    public double variance(int j) {
        return variance[j];
    }

    public double[] meanVector() {
        return mean.clone();
    }

    public double[] varianceVector() {
        return variance.clone();
    }

    /** Values folded in per feature. */
    public long[] countVector() {
        return counts.clone();
    }

    /** Pooled centered sum of squares per feature; kept by {@code cumulative} and {@code decay}. */
    public double[] m2Vector() {
        return m2.clone();
    }

    /** Total weight folded in per feature (V1), a prior's included; see the class comment per mode. */
    public double[] weightSumVector() {
        return weightSum.clone();
    }

    /** Sum of the squared weights per feature (V2), a prior excluded. */
    public double[] squaredWeightSumVector() {
        return squaredWeightSum.clone();
    }

    /** Under {@code decay}, the event time at which a value weighs 1; {@link #NO_LANDMARK} otherwise. */
    public long landmark() {
        return landmark;
    }

    double[] meanArray() {
        return mean;
    }

    double[] varianceArray() {
        return variance;
    }

    long[] countArray() {
        return counts;
    }

    double[] m2Array() {
        return m2;
    }

    double[] weightSumArray() {
        return weightSum;
    }

    double[] squaredWeightSumArray() {
        return squaredWeightSum;
    }

    /** Whether every number of these statistics is finite: what a fold must keep true. */
    public boolean isFinite() {
        for (int j = 0; j < mean.length; j++) {
            if (!(Double.isFinite(mean[j])
                    && Double.isFinite(variance[j])
                    && Double.isFinite(m2[j])
                    && Double.isFinite(weightSum[j])
                    && Double.isFinite(squaredWeightSum[j]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds the features of {@code batch} that have at least {@code min-batch-size} present values into these
     * statistics (DESIGN 4.2); the other features keep their running values. For {@code ema}, {@code cumulative}
     * and {@code average}; {@code decay} weighs each value by its event time, see {@link #foldDecay}.
     */
    public RunningStatistics fold(BatchMoments batch, double momentum, NormalizerConfig config) {
        return switch (config.running()) {
            case EMA -> Folds.ema(this, batch, momentum, config);
            case CUMULATIVE -> Folds.cumulative(this, batch, config);
            case AVERAGE -> Folds.average(this, batch, config);
            case DECAY ->
                throw new IllegalArgumentException(
                        "--running decay weighs each value by its event time: use" + " foldDecay");
        };
    }

    /**
     * Folds {@code rows} with their event times under {@code --running decay}: features with at least {@code
     * min-batch-size} present values are pooled with each value weighing {@code 2^(t/H)}.
     *
     * @param priorTime the event time a prior is weighted at if these statistics have no landmark yet: the
     *     earliest event time of the key's first folded batch
     */
    public RunningStatistics foldDecay(double[][] rows, long[] eventTimes, long priorTime, NormalizerConfig config) {
        return DecayFold.fold(this, rows, eventTimes, priorTime, config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunningStatistics other
                && landmark == other.landmark
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(variance, other.variance)
                && Arrays.equals(counts, other.counts)
                && Arrays.equals(m2, other.m2)
                && Arrays.equals(weightSum, other.weightSum)
                && Arrays.equals(squaredWeightSum, other.squaredWeightSum);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(variance);
    }

    @Override
    public String toString() {
        return "RunningStatistics{mean=" + Arrays.toString(mean) + ", variance=" + Arrays.toString(variance)
                + ", counts=" + Arrays.toString(counts) + ", weightSum=" + Arrays.toString(weightSum)
                + (landmark == NO_LANDMARK ? "" : ", landmark=" + landmark) + "}";
    }
}
