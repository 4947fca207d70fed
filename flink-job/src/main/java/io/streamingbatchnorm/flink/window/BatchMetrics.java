package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.DriftMeasures;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.Renormalization;
import io.streamingbatchnorm.flink.JobMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The micro-batch metrics of DESIGN 6: records out per mode, late records, batches, batch size, running-mean drift,
 * drift events.
 */
final class BatchMetrics {
    private final Counter trainRecords;
    private final Counter evalRecords;
    private final Counter lateRecords;
    private final Counter batches;
    private final Counter unfoldedBatches;
    private final Counter refusedBatches;
    private final Counter renormClipped;
    private final Counter keysExpired;
    private final Counter driftEventsTrain;
    private final Counter driftEventsEval;
    private final Histogram batchSize;
    private volatile double lastDrift;
    private volatile double lastMaxShift;

    BatchMetrics(MetricGroup group) {
        trainRecords = group.counter(JobMetrics.RECORDS_TRAIN);
        evalRecords = group.counter(JobMetrics.RECORDS_EVAL);
        lateRecords = group.counter(JobMetrics.RECORDS_LATE);
        batches = group.counter(JobMetrics.BATCHES);
        unfoldedBatches = group.counter(JobMetrics.BATCHES_NOT_FOLDED);
        refusedBatches = group.counter(JobMetrics.BATCHES_REFUSED);
        renormClipped = group.counter(JobMetrics.RENORM_CLIPPED);
        keysExpired = group.counter(JobMetrics.KEYS_EXPIRED);
        batchSize = group.histogram(JobMetrics.BATCH_SIZE, new DescriptiveStatisticsHistogram(1000));
        group.gauge(JobMetrics.RUNNING_MEAN_DRIFT, () -> lastDrift);
        driftEventsTrain = group.counter(JobMetrics.DRIFT_EVENTS_TRAIN);
        driftEventsEval = group.counter(JobMetrics.DRIFT_EVENTS_EVAL);
        // One gauge per operator, not per key: a gauge per key would grow with the key space.
        group.gauge(JobMetrics.DRIFT_MAX_SHIFT, () -> lastMaxShift);
    }

    /** A train batch or an eval window was measured; {@code event} says whether it made a drift event. */
    void driftMeasured(DriftMeasures measures, Mode mode, boolean event) {
        lastMaxShift = measures.maxAbsShift();
        if (!event) {
            return;
        }
        if (mode == Mode.EVAL) {
            driftEventsEval.inc();
        } else {
            driftEventsTrain.inc();
        }
    }

    /** @param refused whether the batch's statistics came out non-finite, so that its records were dead-lettered */
    void trainBatch(int size, boolean folded, boolean refused) {
        trainRecords.inc(size);
        batches.inc();
        batchSize.update(size);
        if (refused) {
            refusedBatches.inc();
        } else if (!folded) {
            unfoldedBatches.inc();
        }
    }

    void keyExpired() {
        keysExpired.inc();
    }

    /** Counts a folded batch whose renormalization clipped r or d of some feature. */
    void renormalized(Renormalization renorm) {
        if (renorm == null) {
            return;
        }
        for (int j = 0; j < renorm.dimension(); j++) {
            if (renorm.rClipped(j) || renorm.dClipped(j)) {
                renormClipped.inc();
                return;
            }
        }
    }

    void immediate(Mode mode, boolean late) {
        if (late) {
            lateRecords.inc();
        } else if (mode == Mode.EVAL) {
            evalRecords.inc();
        } else {
            trainRecords.inc();
        }
    }

    /** Euclidean distance the running mean of a key moved in its last update. */
    void drift(double[] before, double[] after) {
        if (before == null || before.length != after.length) {
            return;
        }
        double sum = 0;
        for (int j = 0; j < after.length; j++) {
            double d = after[j] - before[j];
            sum += d * d;
        }
        lastDrift = Math.sqrt(sum);
    }
}
