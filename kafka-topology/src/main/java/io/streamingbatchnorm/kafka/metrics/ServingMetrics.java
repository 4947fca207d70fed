package io.streamingbatchnorm.kafka.metrics;

import io.streamingbatchnorm.core.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The serving application's metrics, in the Prometheus text format that {@code GET /metrics} answers: records
 * normalized, dead letters by reason, the latency of normalized records, and the lag of the serving input's consumer.
 * Thread-safe: the stream threads count, the query API reads.
 *
 * <p>The latency of a record is the time from its Kafka timestamp (when its producer sent it, unless the producer
 * set another) to when its normalized record is handed to Kafka's producer: the wait in the input topic included,
 * the output transaction's commit not.
 */
public final class ServingMetrics {
    public static final String NORMALIZED = "sbn_serving_records_normalized_total";
    public static final String DEAD_LETTERS = "sbn_serving_dead_letters_total";
    public static final String LATENCY = "sbn_serving_latency_seconds";
    public static final String CONSUMER_LAG = "sbn_serving_consumer_lag_records";

    /** Every metric family name that {@link #prometheusText()} writes. */
    public static final List<String> FAMILIES = List.of(NORMALIZED, DEAD_LETTERS, LATENCY, CONSUMER_LAG);

    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder normalized = new LongAdder();
    private final Map<String, LongAdder> deadLetters = new TreeMap<>();
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length + 1);
    private final DoubleAdder latencySum = new DoubleAdder();
    private volatile DoubleSupplier consumerLag = () -> Double.NaN;

    public ServingMetrics() {
        // Every reason from the start, so that each series exists (at 0) before its first dead letter.
        for (ReasonCode reason : ReasonCode.values()) {
            deadLetters.put(reason.name(), new LongAdder());
        }
    }

    /** One record normalized, {@code latencyMillis} after its timestamp. */
    public void normalized(long latencyMillis) {
        normalized.increment();
        double seconds = Math.max(0, latencyMillis) / 1000.0;
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        buckets.incrementAndGet(bucket);
        latencySum.add(seconds);
    }

    /** One dead letter with {@code reason}, one of the {@link ReasonCode} names. */
    public void deadLetter(String reason) {
        LongAdder counter = deadLetters.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Where the lag of the serving input's consumer comes from (records behind the end, the largest partition's). */
    public void consumerLag(DoubleSupplier lag) {
        consumerLag = lag;
    }

    /** The metrics in the Prometheus text exposition format, version 0.0.4. */
    public String prometheusText() {
        StringBuilder out = new StringBuilder(2048);
        family(out, NORMALIZED, "counter", "Serving records normalized and written to the output topic.");
        out.append(NORMALIZED).append(' ').append(normalized.sum()).append('\n');
        family(out, DEAD_LETTERS, "counter", "Serving records written to the dead-letter topic, by reason code.");
        deadLetters.forEach((reason, n) -> out.append(DEAD_LETTERS)
                .append("{reason=\"")
                .append(reason)
                .append("\"} ")
                .append(n.sum())
                .append('\n'));
        family(out, LATENCY, "histogram", "Seconds from a serving record's Kafka timestamp to its normalized output.");
        long cumulative = 0;
        for (int b = 0; b <= BUCKETS.length; b++) {
            cumulative += buckets.get(b);
            String le = b == BUCKETS.length ? "+Inf" : number(BUCKETS[b]);
            out.append(LATENCY)
                    .append("_bucket{le=\"")
                    .append(le)
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        out.append(LATENCY).append("_sum ").append(number(latencySum.sum())).append('\n');
        out.append(LATENCY).append("_count ").append(cumulative).append('\n');
        family(out, CONSUMER_LAG, "gauge", "Records the serving input's consumer is behind, on its worst partition.");
        out.append(CONSUMER_LAG)
                .append(' ')
                .append(number(consumerLag.getAsDouble()))
                .append('\n');
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
