package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.core.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of the metrics the job registers in Flink's metric system, in one place: the operators register them by
 * these constants, and the monitoring documentation and the Grafana dashboard are checked against {@link #ALL}.
 *
 * <p>Every name is registered at operator scope ({@code taskmanager.job.task.operator}); the dead-letter counters in
 * the group {@link #DEAD_LETTERS}, one per reason code. Flink's Prometheus reporter exports each as {@code
 * flink_taskmanager_job_task_operator_<name>} ({@code .._deadLetters_<REASON>} for dead letters), see {@link
 * #prometheusName}.
 */
public final class JobMetrics {
    /** Keys seen for the first time (control stamping). */
    public static final String KEYS = "keys";
    /** Commands that apply to keys not seen yet (control stamping). */
    public static final String COMMANDS_FOR_UNSEEN_KEYS = "commandsForUnseenKeys";
    /** Keys forgotten after --key-ttl without records (micro-batches). */
    public static final String KEYS_EXPIRED = "keysExpired";
    /** Records out per mode, and late records (micro-batches). */
    public static final String RECORDS_TRAIN = "recordsTrain";

    public static final String RECORDS_EVAL = "recordsEval";
    public static final String RECORDS_LATE = "recordsLate";
    /** Micro-batches fired; those where no feature reached --min-batch-size. */
    public static final String BATCHES = "batches";

    public static final String BATCHES_NOT_FOLDED = "batchesNotFolded";
    /** Histogram of batch sizes. */
    public static final String BATCH_SIZE = "batchSize";
    /** Euclidean distance the running mean of the last updated key moved. */
    public static final String RUNNING_MEAN_DRIFT = "runningMeanDrift";
    /** The group of the dead-letter counters, one counter per reason code. */
    public static final String DEAD_LETTERS = "deadLetters";

    /** Drift events of train batches and of eval windows. */
    public static final String DRIFT_EVENTS_TRAIN = "driftEventsTrain";

    public static final String DRIFT_EVENTS_EVAL = "driftEventsEval";
    /**
     * The largest |shift| of the last measured train batch or eval window, over its features (one gauge per operator,
     * not per key).
     */
    public static final String DRIFT_MAX_SHIFT = "driftMaxShift";
    /** Train batches refused whole (non-finite statistics). */
    public static final String BATCHES_REFUSED = "batchesRefused";
    /** Batch Renormalization corrections that hit their clip (--renorm). */
    public static final String RENORM_CLIPPED = "renormClipped";

    /** Every metric name the job registers or will register, dead letters as {@code deadLetters.<REASON>}. */
    public static final List<String> ALL = all();

    private JobMetrics() {}

    private static List<String> all() {
        List<String> names = new ArrayList<>(List.of(
                KEYS,
                COMMANDS_FOR_UNSEEN_KEYS,
                KEYS_EXPIRED,
                RECORDS_TRAIN,
                RECORDS_EVAL,
                RECORDS_LATE,
                BATCHES,
                BATCHES_NOT_FOLDED,
                BATCH_SIZE,
                RUNNING_MEAN_DRIFT,
                DRIFT_EVENTS_TRAIN,
                DRIFT_EVENTS_EVAL,
                DRIFT_MAX_SHIFT,
                BATCHES_REFUSED,
                RENORM_CLIPPED));
        for (ReasonCode reason : ReasonCode.values()) {
            names.add(DEAD_LETTERS + "." + reason.name());
        }
        return List.copyOf(names);
    }

    /**
     * The name Flink's Prometheus reporter gives a metric of the job registered at operator scope: {@code flink_},
     * the logical scope and the name joined with {@code _}, every character but {@code [a-zA-Z0-9:_]} replaced by
     * {@code _}.
     */
    public static String prometheusName(String name) {
        return ("flink_taskmanager_job_task_operator_" + name).replaceAll("[^a-zA-Z0-9:_]", "_");
    }
}
