package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.Normalization;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.schemas.CoreMapping;
import java.util.Objects;

/**
 * Normalizes one serving record in eval mode with a published snapshot (DESIGN 4.3).
 *
 * <p>The arithmetic is the core's {@link Normalization#eval}, fed through {@link CoreMapping} exactly as
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
        double[] y = Normalization.eval(
                CoreMapping.toVector(record.getValues()),
                CoreMapping.runningStatistics(snapshot),
                CoreMapping.controlState(snapshot),
                config.missing());
        return NormalizedRecord.newBuilder()
                .setKey(record.getKey())
                .setEventTime(record.getEventTime())
                .setId(record.getId())
                .setAttributes(record.getAttributes())
                .setValues(CoreMapping.toList(y))
                .setMode(Mode.EVAL)
                .setStatsVersion(snapshot.getVersion())
                .setBatchSize(1)
                .setLate(false)
                .build();
    }
}
