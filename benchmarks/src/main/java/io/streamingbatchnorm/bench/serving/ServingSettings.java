package io.streamingbatchnorm.bench.serving;

import io.streamingbatchnorm.bench.Args;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving benchmark's flags.
 *
 * @param streamsProperties Kafka Streams settings given to both applications alike
 * @param latencyDeliveries the delivery guarantees latency is measured with, one run per application each
 */
record ServingSettings(
        Duration window,
        Duration warmup,
        int rounds,
        int records,
        int keys,
        int dimension,
        int partitions,
        String delivery,
        Map<String, String> streamsProperties,
        int rate,
        Duration latencyWarmup,
        Duration latencyDuration,
        List<String> latencyDeliveries,
        int lingerMs) {

    static final String FLAGS = "[--seconds 20] [--warmup-seconds 10] [--rounds 3] [--records 4000000] "
            + "[--keys 1000] [--dimension 16] [--partitions 2] [--stream-threads 1] [--delivery exactly-once] "
            + "[--streams-properties key=value,...] [--rate 5000] [--latency-warmup 15s] [--latency-duration 30s] "
            + "[--latency-delivery at-least-once,exactly-once] [--linger-ms 5]";

    static ServingSettings parse(Args args) {
        Duration window = Duration.ofSeconds(args.integer("seconds", 20));
        Duration warmup = Duration.ofSeconds(args.integer("warmup-seconds", 10));
        int rounds = args.integer("rounds", 3);
        int records = args.integer("records", 4_000_000);
        int keys = args.integer("keys", 1000);
        int dimension = args.integer("dimension", 16);
        int partitions = args.integer("partitions", 2);
        Map<String, String> streams = new LinkedHashMap<>();
        streams.put("num.stream.threads", Integer.toString(args.integer("stream-threads", 1)));
        streams.putAll(args.pairs("streams-properties"));
        ServingSettings s = new ServingSettings(
                window,
                warmup,
                rounds,
                records,
                keys,
                dimension,
                partitions,
                args.string("delivery", "exactly-once"),
                streams,
                args.integer("rate", 5000),
                args.duration("latency-warmup", "15s"),
                args.duration("latency-duration", "30s"),
                args.list("latency-delivery", "at-least-once,exactly-once"),
                // Kafka's default: a producer application batches what arrives within 5 ms into one request.
                args.integer("linger-ms", 5));
        args.requireAllUsed();
        return s;
    }

    @Override
    public String toString() {
        return String.format(
                "%d s measured after %d s warm-up per run, %d rounds, %,d records loaded, %,d keys, dimension %d, "
                        + "%d partitions, %s, Kafka Streams properties %s; latency at %,d records/s for %d s after "
                        + "%d s, %s, load producer linger %d ms",
                window.toSeconds(),
                warmup.toSeconds(),
                rounds,
                records,
                keys,
                dimension,
                partitions,
                delivery,
                streamsProperties,
                rate,
                latencyDuration.toSeconds(),
                latencyWarmup.toSeconds(),
                latencyDeliveries,
                lingerMs);
    }
}
