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

    /** The outputs of one train micro-batch and the statistics after it. */
    public record TrainResult(double[][] outputs, KeyStatistics next, boolean folded) {}

    /**
     * Normalizes a train micro-batch and folds it into the running statistics.
     *
     * <p>The version advances when at least one feature had {@code min-batch-size} present values;
     * otherwise nothing is folded and the statistics stay as they are.
     *
     * @param rows the batch, each row of this key's dimension, NaN for missing values
     * @param maxEventTime the latest event time in the batch
     */
    public TrainResult train(double[][] rows, long maxEventTime, ControlState control, NormalizerConfig config) {
        BatchMoments batch = BatchMoments.of(rows, dimension);
        double[][] outputs = Normalization.train(rows, batch, running, control, config);
        boolean folded = false;
        for (int j = 0; j < dimension && !folded; j++) {
            folded = batch.count(j) >= config.minBatchSize();
        }
        if (!folded) {
            return new TrainResult(outputs, this, false);
        }
        KeyStatistics next = new KeyStatistics(
                dimension,
                running.fold(batch, control.momentum(), config),
                version + 1,
                count + rows.length,
                Math.max(lastEventTime, maxEventTime),
                resetGeneration);
        return new TrainResult(outputs, next, true);
    }

    /** Normalizes one record with the frozen running statistics. */
    public double[] eval(double[] x, ControlState control, NormalizerConfig config) {
        return Normalization.eval(x, running, control, config.missing());
    }

    /** Eval-mode normalization with these statistics, to reuse for as long as they and {@code control} hold. */
    public EvalNormalizer evalNormalizer(ControlState control, NormalizerConfig config) {
        return EvalNormalizer.of(running, control, config.missing());
    }
}
