package io.streamingbatchnorm.core;

import java.util.Arrays;

/**
 * Everything the window operator keeps for one key: its dimension, running statistics, version (the
 * number of micro-batches folded in), the records folded in, the event time of the last batch folded
 * in, and the RESET generation those statistics belong to.
 *
 * <p>A key at version 0 with a {@link Prior} in its control state is normalized with the prior (see {@link
 * #runningFor}); the prior becomes part of {@link #running} when the first batch is folded in.
 *
 * <p>Immutable; {@link #train} returns the next value together with the batch's outputs.
 */
public record KeyStatistics(
        int dimension, RunningStatistics running, long version, long count, long lastEventTime, int resetGeneration) {

    /** Marks {@link #lastEventTime} of a key that has folded in no batch yet. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    private static final double[][] NO_ROWS = new double[0][];
    private static final long[] NO_TIMES = new long[0];

    /** A new key (or one just RESET) of the given dimension: version 0, mean 0, variance 1. */
    public static KeyStatistics initial(int dimension, int resetGeneration) {
        return new KeyStatistics(dimension, RunningStatistics.initial(dimension), 0, 0, NO_EVENT_TIME, resetGeneration);
    }

    /**
     * The outputs of one train micro-batch and the statistics after it.
     *
     * @param outputs one normalized row per input row; emit row {@code i} only when {@link #rejection(int)} is null
     * @param next the key's statistics after the batch ({@code this} when nothing was folded in)
     * @param folded whether the batch was folded in (the version moved)
     * @param batchRejection why the whole batch was refused ({@link ReasonCode#NON_FINITE_STATISTICS}), or null:
     *     then nothing was folded in and every record of the batch goes to the dead letters
     * @param rowRejections per row, why its output cannot be emitted ({@link ReasonCode#NON_FINITE_OUTPUT}), or
     *     null; the array itself is null when every row is fine
     * @param renormalization the Batch Renormalization correction applied ({@code --renorm}), or null
     */
    public record TrainResult(
            double[][] outputs,
            KeyStatistics next,
            boolean folded,
            Rejection batchRejection,
            Rejection[] rowRejections,
            Renormalization renormalization) {

        /** The reason row {@code i} goes to the dead letters instead of being emitted, or {@code null}. */
        public Rejection rejection(int i) {
            if (batchRejection != null) {
                return batchRejection;
            }
            return rowRejections == null ? null : rowRejections[i];
        }
    }

    /**
     * The statistics records under {@code control} are normalized with: the prior's at version 0 when the control
     * state has one, the running statistics otherwise. Engines publish these in snapshots.
     */
    public RunningStatistics runningFor(ControlState control) {
        return version == 0 && control.prior() != null
                ? RunningStatistics.initial(dimension, control.prior())
                : running;
    }

    /**
     * {@link #train(double[][], long[], ControlState, NormalizerConfig)} with every row at {@code maxEventTime}.
     *
     * @throws IllegalArgumentException with {@code --running decay}, which weighs each value by its own event time
     */
    public TrainResult train(double[][] rows, long maxEventTime, ControlState control, NormalizerConfig config) {
        if (config.running() == Running.DECAY) {
            throw new IllegalArgumentException(
                    "--running decay weighs each value by its own event time: pass the" + " event time of every row");
        }
        long[] times = new long[rows.length];
        Arrays.fill(times, maxEventTime);
        return train(rows, times, control, config);
    }

    /**
     * Normalizes a train micro-batch and folds it into the running statistics.
     *
     * <p>The version advances when at least one feature had {@code min-batch-size} present values;
     * otherwise nothing is folded and the statistics stay as they are. A batch whose statistics, or whose
     * statistics folded into the running ones, are not finite is refused whole ({@link
     * TrainResult#batchRejection}): the statistics stay exactly as they were. With every value within {@code
     * --max-abs-value} (checked by {@link RecordCheck}) that cannot happen.
     *
     * @param rows the batch, each row of this key's dimension, NaN for missing values
     * @param eventTimes the event time of each row; {@code --running decay} weighs each value by its own
     */
    public TrainResult train(double[][] rows, long[] eventTimes, ControlState control, NormalizerConfig config) {
        return train(rows, eventTimes, NO_ROWS, NO_TIMES, control, config);
    }

    /**
     * {@link #train(double[][], long[], ControlState, NormalizerConfig)} for {@code --late fold}: {@code lateRows},
     * late records already normalized on arrival, join the fold of this batch without taking part in its
     * normalization. The version advances once; {@link #count} grows by both. {@code rows} may be empty, to fold
     * pending late values on their own. When nothing is folded ({@link TrainResult#folded} false: no feature
     * reaches {@code min-batch-size} even with the late rows, or the batch was refused) the late rows were not
     * folded either and stay pending.
     *
     * @throws IllegalArgumentException when there are late rows without {@code --late fold}, or lengths differ
     */
    public TrainResult train(
            double[][] rows,
            long[] eventTimes,
            double[][] lateRows,
            long[] lateTimes,
            ControlState control,
            NormalizerConfig config) {
        if (rows.length != eventTimes.length || lateRows.length != lateTimes.length) {
            throw new IllegalArgumentException("rows and event times differ in length: " + rows.length + " and "
                    + eventTimes.length + ", late " + lateRows.length + " and " + lateTimes.length);
        }
        if (lateRows.length > 0 && config.late() != LatePolicy.FOLD) {
            throw new IllegalArgumentException("late rows are folded only with --late fold");
        }
        BatchMoments batch = BatchMoments.of(rows, dimension);
        Rejection unusable = TrainChecks.nonFinite(batch, config);
        if (unusable != null) {
            return new TrainResult(new double[rows.length][], this, false, unusable, null, null);
        }
        RunningStatistics before = runningFor(control);
        Renormalization renorm = config.renorm() ? Renormalization.of(batch, before, control, config, version) : null;
        double[][] outputs = Normalization.train(rows, batch, before, control, config, renorm);
        Rejection[] rowRejections = TrainChecks.outputRejections(rows, outputs);

        double[][] foldRows = lateRows.length == 0 ? rows : concat(rows, lateRows);
        long[] foldTimes = lateRows.length == 0 ? eventTimes : concat(eventTimes, lateTimes);
        BatchMoments foldBatch = lateRows.length == 0 ? batch : BatchMoments.of(foldRows, dimension);
        boolean folded = false;
        for (int j = 0; j < dimension && !folded; j++) {
            folded = foldBatch.count(j) >= config.minBatchSize();
        }
        if (!folded) {
            return new TrainResult(outputs, this, false, null, rowRejections, renorm);
        }
        RunningStatistics after = config.running() == Running.DECAY
                ? before.foldDecay(foldRows, foldTimes, earliest(rows.length > 0 ? eventTimes : lateTimes), config)
                : before.fold(foldBatch, control.momentum(), config);
        if (!after.isFinite()) {
            return new TrainResult(
                    new double[rows.length][], this, false, TrainChecks.nonFiniteFold(config), null, null);
        }
        long latest = lastEventTime;
        for (long t : foldTimes) {
            latest = Math.max(latest, t);
        }
        KeyStatistics next =
                new KeyStatistics(dimension, after, version + 1, count + foldRows.length, latest, resetGeneration);
        return new TrainResult(outputs, next, true, null, rowRejections, renorm);
    }

    /** Normalizes one record with the frozen statistics; check it with {@link OutputCheck} before use. */
    public double[] eval(double[] x, ControlState control, NormalizerConfig config) {
        return Normalization.eval(x, runningFor(control), control, config.missing());
    }

    /** Eval-mode normalization with these statistics, to reuse for as long as they and {@code control} hold. */
    public EvalNormalizer evalNormalizer(ControlState control, NormalizerConfig config) {
        return EvalNormalizer.of(runningFor(control), control, config.missing());
    }

    private static long earliest(long[] times) {
        long min = Long.MAX_VALUE;
        for (long t : times) {
            min = Math.min(min, t);
        }
        return min;
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
