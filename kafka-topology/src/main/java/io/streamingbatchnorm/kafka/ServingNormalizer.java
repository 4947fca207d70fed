package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.EvalNormalizer;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.FeatureVector;
import io.streamingbatchnorm.schemas.NormalizedVector;
import java.util.Objects;

/**
 * Normalizes one serving record in eval mode with a published snapshot (DESIGN 4.3).
 *
 * <p>The arithmetic is the core's {@link EvalNormalizer}, fed through {@link CoreMapping} exactly as
 * the Flink job feeds it, so a record normalized here and by the job with the same snapshot gives the
 * same bits. Plain and side-effect free: parity tests in other modules call it directly.
 */
public final class ServingNormalizer {
    private ServingNormalizer() {}

    /**
     * The normalized form of {@code record}: mode EVAL, batch size 1, not late, {@code stats_version} the
     * snapshot's version; key, event time, id and attributes copied.
     *
     * @param config only its missing-value policy is used
     * @throws IllegalArgumentException if the record's dimension differs from the snapshot's; callers
     *     check with {@link RecordCheck#checkDimension} first and reject such records to the dead letters
     */
    public static NormalizedRecord normalize(FeatureRecord record, StatsSnapshot snapshot, NormalizerConfig config) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(config, "config");
        double[] x = CoreMapping.toVector(record.getValues());
        Rejection wrongDimension = RecordCheck.checkDimension(
                record.getKey(), x, snapshot.getRunningMean().size());
        if (wrongDimension != null) {
            throw new IllegalArgumentException(wrongDimension.message());
        }
        EvalNormalizer normalizer = EvalNormalizer.of(
                CoreMapping.runningStatistics(snapshot), CoreMapping.controlState(snapshot), config.missing());
        return normalize(FeatureVector.of(record), snapshot.getVersion(), normalizer)
                .toRecord();
    }

    /**
     * {@link #normalize(FeatureRecord, StatsSnapshot, NormalizerConfig)} with the snapshot already prepared: the
     * serving processor keeps one {@link EvalNormalizer} per key and version rather than deriving it per record.
     *
     * @param statsVersion the version of the snapshot {@code normalizer} was made from
     * @throws IllegalArgumentException if the record's dimension differs from the normalizer's
     */
    public static NormalizedVector normalize(FeatureVector record, long statsVersion, EvalNormalizer normalizer) {
        if (record.values().length != normalizer.dimension()) {
            throw new IllegalArgumentException("key '" + record.key() + "': " + record.values().length
                    + " values for statistics of dimension " + normalizer.dimension());
        }
        return new NormalizedVector(
                record.key(),
                record.eventTime(),
                record.id(),
                record.attributes(),
                normalizer.normalize(record.values()),
                Mode.EVAL,
                statsVersion,
                1,
                false);
    }
}
