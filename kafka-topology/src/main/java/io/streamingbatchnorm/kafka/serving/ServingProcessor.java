package io.streamingbatchnorm.kafka.serving;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.OutputCheck;
import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.kafka.ServingNormalizer;
import io.streamingbatchnorm.kafka.errors.DeadLetters;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import io.streamingbatchnorm.kafka.stats.SnapshotHistory;
import io.streamingbatchnorm.kafka.stats.StatsStore;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.FeatureVector;
import io.streamingbatchnorm.schemas.NormalizedVector;
import io.streamingbatchnorm.schemas.VersionPin;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Normalizes each decoded serving record with the latest snapshot of its key, or with the version its {@code
 * stats-version} header pins ({@link VersionPin}), or rejects it.
 *
 * <p>A normalized record goes to the output sink keyed by its normalization key (whatever the input's
 * message key was), so the output topic is partitioned by key. A rejected one (invalid record, no
 * statistics for its key yet, a pinned version not held, wrong dimension) goes to the dead-letter sink with its
 * original message key and bytes. Both keep the input's timestamp and headers.
 */
public final class ServingProcessor implements Processor<byte[], ServingInput, byte[], byte[]> {
    /** The processor's name in the topology. */
    public static final String NAME = "serving-normalizer";

    /** Keys whose prepared snapshot a processor keeps: a few MiB at 16 features. */
    static final int PREPARED_KEYS = 10_000;

    private final NormalizerConfig config;
    private final String statsTopic;
    private final String outputSink;
    private final String deadLetterSink;
    private final ServingMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, SnapshotHistory> stats;
    private PreparedSnapshots snapshots;

    /**
     * @param statsTopic named in the message of a record whose key has no statistics yet
     * @param outputSink the child that writes normalized records
     * @param deadLetterSink the child that writes dead letters
     * @param metrics counts normalized records, their latency, and dead letters
     */
    public ServingProcessor(
            NormalizerConfig config,
            String statsTopic,
            String outputSink,
            String deadLetterSink,
            ServingMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.statsTopic = Objects.requireNonNull(statsTopic, "statsTopic");
        this.outputSink = Objects.requireNonNull(outputSink, "outputSink");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.stats = context.getStateStore(StatsStore.NAME);
        this.snapshots = new PreparedSnapshots(config, PREPARED_KEYS);
    }

    @Override
    public void process(Record<byte[], ServingInput> record) {
        FeatureVector feature = record.value().record();
        String key = feature.key();
        double[] values = feature.values();
        Rejection rejection = RecordCheck.validate(key, feature.eventTime(), values, config);
        Chosen chosen = rejection == null ? choose(key, record.headers()) : null;
        PreparedSnapshots.Prepared prepared = null;
        if (chosen != null) {
            rejection = chosen.rejection();
            if (rejection == null) {
                prepared = snapshots.get(key, chosen.history(), chosen.index());
                rejection = RecordCheck.checkDimension(
                        key, values, prepared.normalizer().dimension());
            }
        }
        if (rejection != null) {
            reject(record, rejection);
            return;
        }
        NormalizedVector out =
                ServingNormalizer.normalize(feature, prepared.snapshot().getVersion(), prepared.normalizer());
        // Finite statistics can still give an infinite value (epsilon 0, a tiny variance, a huge gamma); such a
        // value is no number a model can use, so the record is refused rather than written.
        Rejection nonFinite = OutputCheck.validate(values, out.values());
        if (nonFinite != null) {
            reject(record, nonFinite);
            return;
        }
        byte[] outputKey = key.getBytes(StandardCharsets.UTF_8);
        context.forward(
                record.withKey(outputKey).withValue(AvroWire.normalizedVectors().encode(out)), outputSink);
        metrics.normalized(context.currentSystemTimeMs() - record.timestamp());
    }

    /** The held snapshot a record is normalized with, or why it cannot be. */
    private record Chosen(SnapshotHistory history, int index, Rejection rejection) {
        static Chosen refused(Rejection why) {
            return new Chosen(null, -1, why);
        }
    }

    private Chosen choose(String key, Headers headers) {
        SnapshotHistory history = stats.get(key);
        if (history == null) {
            return Chosen.refused(noStatistics(key));
        }
        Header header = headers.lastHeader(VersionPin.HEADER);
        if (header == null) {
            return new Chosen(history, history.size() - 1, null);
        }
        String text = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        VersionPin pin;
        try {
            pin = VersionPin.parse(text);
        } catch (IllegalArgumentException e) {
            return Chosen.refused(Rejection.of(
                    ReasonCode.INVALID_STATS_VERSION,
                    "header '" + VersionPin.HEADER + "': " + e.getMessage()
                            + "; GET /stats/{key}/versions lists the versions held"));
        }
        VersionPin.Match match = pin.find(history.versions());
        if (!match.found()) {
            return Chosen.refused(Rejection.of(
                    ReasonCode.VERSION_UNAVAILABLE,
                    "key '" + key + "' pinned to statistics version " + pin + " by header '"
                            + VersionPin.HEADER + "': " + match.problem()
                            + "; this instance keeps the last --history versions of a key, and never"
                            + " normalizes a pinned record with another version"));
        }
        return new Chosen(history, match.index(), null);
    }

    private Rejection noStatistics(String key) {
        return Rejection.of(
                ReasonCode.NO_STATISTICS,
                "key '" + key + "' has no statistics yet: none was published to"
                        + " topic '" + statsTopic
                        + "'; train the key with the Flink job (its first micro-batch publishes"
                        + " a snapshot), check field 'key' for a typo, then replay this record");
    }

    private void reject(Record<byte[], ServingInput> record, Rejection rejection) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        byte[] letter = DeadLetters.encode(
                record.value().original(),
                origin == null ? null : origin.topic(),
                origin == null ? null : origin.partition(),
                origin == null ? null : origin.offset(),
                rejection.reason().name(),
                rejection.message(),
                context.currentSystemTimeMs());
        context.forward(record.withValue(letter), deadLetterSink);
        metrics.deadLetter(rejection.reason().name());
    }
}
