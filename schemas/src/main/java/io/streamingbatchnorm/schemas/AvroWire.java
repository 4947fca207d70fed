package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;

/**
 * The Kafka wire format of every record: shared, thread-safe {@link WireCodec}s backed by the
 * {@linkplain SchemaCatalog#standard() standard catalog} (current schemas plus the released history).
 */
public final class AvroWire {
    private AvroWire() {}

    /** The catalog every codec here reads with. */
    public static SchemaCatalog catalog() {
        return SchemaCatalog.standard();
    }

    /** Codec for the {@code features} topic. */
    public static WireCodec<FeatureRecord> featureRecords() {
        return Codecs.FEATURE_RECORD;
    }

    /**
     * Codec for the {@code features} topic in primitive form ({@code double[]} values, NaN for missing):
     * the same bytes and errors as {@link #featureRecords()}, without boxing a value.
     */
    public static FeatureVectorCodec featureVectors() {
        return Codecs.FEATURE_VECTOR;
    }

    /** Codec for the normalized output topics. */
    public static WireCodec<NormalizedRecord> normalizedRecords() {
        return Codecs.NORMALIZED_RECORD;
    }

    /**
     * Encoder for the normalized output topics from primitive form ({@code double[]} values, NaN for
     * missing): the same bytes as {@link #normalizedRecords()}, without boxing a value.
     */
    public static NormalizedVectorEncoder normalizedVectors() {
        return Codecs.NORMALIZED_VECTOR;
    }

    /** Codec for the compacted {@code feature-stats} topic. */
    public static WireCodec<StatsSnapshot> statsSnapshots() {
        return Codecs.STATS_SNAPSHOT;
    }

    /** Codec for the {@code control} topic. */
    public static WireCodec<ControlCommand> controlCommands() {
        return Codecs.CONTROL_COMMAND;
    }

    /** Codec for the dead-letter topic. */
    public static WireCodec<DeadLetter> deadLetters() {
        return Codecs.DEAD_LETTER;
    }

    /** Codec for the {@code feature-drift} topic. */
    public static WireCodec<DriftEvent> driftEvents() {
        return Codecs.DRIFT_EVENT;
    }

    // Built on first use, so the history is read only by a process that decodes.
    private static final class Codecs {
        static final WireCodec<FeatureRecord> FEATURE_RECORD = WireCodec.create(FeatureRecord.class, catalog());
        static final WireCodec<NormalizedRecord> NORMALIZED_RECORD =
                WireCodec.create(NormalizedRecord.class, catalog());
        static final FeatureVectorCodec FEATURE_VECTOR = FeatureVectorCodec.create(catalog());
        static final NormalizedVectorEncoder NORMALIZED_VECTOR = NormalizedVectorEncoder.create();
        static final WireCodec<StatsSnapshot> STATS_SNAPSHOT = WireCodec.create(StatsSnapshot.class, catalog());
        static final WireCodec<ControlCommand> CONTROL_COMMAND = WireCodec.create(ControlCommand.class, catalog());
        static final WireCodec<DeadLetter> DEAD_LETTER = WireCodec.create(DeadLetter.class, catalog());
        static final WireCodec<DriftEvent> DRIFT_EVENT = WireCodec.create(DriftEvent.class, catalog());
    }
}
