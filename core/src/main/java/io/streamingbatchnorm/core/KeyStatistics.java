package io.streamingbatchnorm.core;

/**
 * Everything the window operator keeps for one key: its dimension, running statistics, version (the
 * number of micro-batches folded in), the records folded in, the event time of the last batch folded
 * in, and the RESET generation those statistics belong to.
 *
 * <p>Immutable; {@link #train} returns the next value together with the batch's outputs.
 */
public record KeyStatistics(
        int dimension, RunningStatistics running, long version, long count, long lastEventTime, int resetGeneration) {

    /** Marks {@link #lastEventTime} of a key that has folded in no batch yet. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

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
     */
    public record TrainResult(
            double[][] outputs,
            KeyStatistics next,
            boolean folded,
            Rejection batchRejection,
            Rejection[] rowRejections) {

        /** The reason row {@code i} goes to the dead letters instead of being emitted, or {@code null}. */
        public Rejection rejection(int i) {
            if (batchRejection != null) {
                return batchRejection;
            }
            return rowRejections == null ? null : rowRejections[i];
        }
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
     * @param maxEventTime the latest event time in the batch
     */
    public TrainResult train(double[][] rows, long maxEventTime, ControlState control, NormalizerConfig config) {
        BatchMoments batch = BatchMoments.of(rows, dimension);
        Rejection unusable = nonFinite(batch, config);
        if (unusable != null) {
            return new TrainResult(new double[rows.length][], this, false, unusable, null);
        }
        double[][] outputs = Normalization.train(rows, batch, running, control, config);
        Rejection[] rowRejections = outputRejections(rows, outputs);
        boolean folded = false;
        for (int j = 0; j < dimension && !folded; j++) {
            folded = batch.count(j) >= config.minBatchSize();
        }
        if (!folded) {
            return new TrainResult(outputs, this, false, null, rowRejections);
        }
        RunningStatistics after = running.fold(batch, control.momentum(), config);
        if (!after.isFinite()) {
            Rejection why = Rejection.of(
                    ReasonCode.NON_FINITE_STATISTICS,
                    "the running statistics would not be finite after this batch (values too large to square);"
                            + " it was not folded in: " + boundHint(config));
            return new TrainResult(new double[rows.length][], this, false, why, null);
        }
        KeyStatistics next = new KeyStatistics(
                dimension,
                after,
                version + 1,
                count + rows.length,
                Math.max(lastEventTime, maxEventTime),
                resetGeneration);
        return new TrainResult(outputs, next, true, null, rowRejections);
    }

    /** The refusal of a batch whose moments, for a feature it would normalize and fold, are not finite. */
    private static Rejection nonFinite(BatchMoments batch, NormalizerConfig config) {
        for (int j = 0; j < batch.dimension(); j++) {
            if (batch.count(j) >= config.minBatchSize()
                    && !(Double.isFinite(batch.mean(j)) && Double.isFinite(batch.m2(j)))) {
                return Rejection.of(
                        ReasonCode.NON_FINITE_STATISTICS,
                        "feature " + j + " of this batch has mean " + batch.mean(j) + " and sum of squares "
                                + batch.m2(j) + "; the batch was neither normalized nor folded in: "
                                + boundHint(config));
            }
        }
        return null;
    }

    private static String boundHint(NormalizerConfig config) {
        return "check values with " + NormalizerOptions.MAX_ABS_VALUE.flag() + " "
                + NormalizerOptions.MAX_ABS_VALUE.print(config.maxAbsValue()) + " before training";
    }

    /** Per row, why its output cannot be emitted; {@code null} when every output can. */
    private static Rejection[] outputRejections(double[][] rows, double[][] outputs) {
        Rejection[] out = null;
        for (int i = 0; i < rows.length; i++) {
            Rejection r = OutputCheck.validate(rows[i], outputs[i]);
            if (r != null) {
                if (out == null) {
                    out = new Rejection[rows.length];
                }
                out[i] = r;
            }
        }
        return out;
    }

    /** Normalizes one record with the frozen running statistics; check it with {@link OutputCheck} before use. */
    public double[] eval(double[] x, ControlState control, NormalizerConfig config) {
        return Normalization.eval(x, running, control, config.missing());
    }

    /** Eval-mode normalization with these statistics, to reuse for as long as they and {@code control} hold. */
    public EvalNormalizer evalNormalizer(ControlState control, NormalizerConfig config) {
        return EvalNormalizer.of(running, control, config.missing());
    }
}
