package io.streamingbatchnorm.core;

/**
 * What {@link KeyStatistics#train} checks so that no infinite or NaN number reaches the statistics or an output:
 * the batch's moments, the folded statistics and every normalized row.
 */
final class TrainChecks {
    private TrainChecks() {}

    /** The refusal of a batch whose moments, for a feature it would normalize and fold, are not finite. */
    static Rejection nonFinite(BatchMoments batch, NormalizerConfig config) {
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

    /** The refusal of a batch whose fold would leave the running statistics infinite or NaN. */
    static Rejection nonFiniteFold(NormalizerConfig config) {
        return Rejection.of(
                ReasonCode.NON_FINITE_STATISTICS,
                "the running statistics would not be finite after this batch (values too large to square);"
                        + " it was not folded in: " + boundHint(config));
    }

    private static String boundHint(NormalizerConfig config) {
        return "check values with " + NormalizerOptions.MAX_ABS_VALUE.flag() + " "
                + NormalizerOptions.MAX_ABS_VALUE.print(config.maxAbsValue()) + " before training";
    }

    /** Per row, why its output cannot be emitted; {@code null} when every output can. */
    static Rejection[] outputRejections(double[][] rows, double[][] outputs) {
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
}
