package io.streamingbatchnorm.kafka;

import static io.streamingbatchnorm.kafka.TestData.T0;
import static io.streamingbatchnorm.kafka.TestData.example;
import static io.streamingbatchnorm.kafka.TestData.feature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.MissingPolicy;
import io.streamingbatchnorm.core.Normalization;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.schemas.CoreMapping;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Eval-mode normalization of one serving record: numbers, missing values and copied fields. */
class ServingNormalizerTest {
    private static final NormalizerConfig DEFAULTS = NormalizerConfig.defaults();

    @Test
    void handComputedExample() {
        // (2 - 1.5) * 2 / sqrt(0.25) + 0.1 = 2.1 and (12 - 10) * 0.5 / sqrt(4) - 1 = -0.5
        NormalizedRecord out =
                ServingNormalizer.normalize(feature("k1", T0, "r1", 2.0, 12.0), example("k1", 4), DEFAULTS);

        assertThat(out.getValues()).containsExactly(2.1, -0.5);
    }

    @Test
    void followsTheEvalFormulaWithEpsilon() {
        StatsSnapshot s = TestData.snapshot(
                "k1",
                1,
                new double[] {3.0, -2.0, 0.0},
                new double[] {4.0, 0.01, 0.0},
                new double[] {1.0, 2.0, 1.0},
                new double[] {0.0, 0.5, 0.0},
                1e-5);
        NormalizedRecord out = ServingNormalizer.normalize(feature("k1", T0, null, 5.0, -1.9, 7.0), s, DEFAULTS);

        assertThat(out.getValues().get(0)).isCloseTo(2.0 / Math.sqrt(4.0 + 1e-5), within(1e-15));
        assertThat(out.getValues().get(1)).isCloseTo(2.0 * 0.1 / Math.sqrt(0.01 + 1e-5) + 0.5, within(1e-14));
        assertThat(out.getValues().get(2)).isCloseTo(7.0 / Math.sqrt(1e-5), within(1e-11));
    }

    @Test
    void isBitIdenticalToTheCoreEvalForRandomRecords() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int d = 1 + random.nextInt(8);
            double[] mean = new double[d];
            double[] var = new double[d];
            double[] gamma = new double[d];
            double[] beta = new double[d];
            Double[] x = new Double[d];
            for (int j = 0; j < d; j++) {
                mean[j] = random.nextGaussian() * 1e3;
                var[j] = random.nextDouble() * 10;
                gamma[j] = random.nextGaussian();
                beta[j] = random.nextGaussian();
                x[j] = random.nextInt(10) == 0 ? null : mean[j] + random.nextGaussian();
            }
            StatsSnapshot s = TestData.snapshot("k", trial, mean, var, gamma, beta, 1e-5);
            FeatureRecord record = feature("k", T0, null, x);

            double[] expected = Normalization.eval(
                    CoreMapping.toVector(record.getValues()),
                    CoreMapping.runningStatistics(s),
                    CoreMapping.controlState(s),
                    MissingPolicy.NAN);
            assertThat(ServingNormalizer.normalize(record, s, DEFAULTS).getValues())
                    .isEqualTo(CoreMapping.toList(expected));
        }
    }

    @Test
    void missingValuesStayMissingOrBecomeBeta() {
        FeatureRecord record = feature("k1", T0, "r1", null, Double.NaN);
        NormalizerConfig impute =
                NormalizerConfig.builder().missing(MissingPolicy.IMPUTE).build();

        assertThat(ServingNormalizer.normalize(record, example("k1", 1), DEFAULTS)
                        .getValues())
                .containsExactly(null, null);
        assertThat(ServingNormalizer.normalize(record, example("k1", 1), impute).getValues())
                .containsExactly(0.1, -1.0);
    }

    @Test
    void copiesTheRecordsFieldsAndStampsEvalWithTheSnapshotVersion() {
        FeatureRecord record = feature("k1", T0 + 7, "r1", 2.0, 12.0);
        NormalizedRecord out = ServingNormalizer.normalize(record, example("k1", 12), DEFAULTS);

        assertThat(out.getKey()).isEqualTo("k1");
        assertThat(out.getEventTime()).isEqualTo(record.getEventTime());
        assertThat(out.getId()).isEqualTo("r1");
        assertThat(out.getAttributes()).isEqualTo(record.getAttributes());
        assertThat(out.getMode()).isEqualTo(Mode.EVAL);
        assertThat(out.getStatsVersion()).isEqualTo(12);
        assertThat(out.getBatchSize()).isEqualTo(1);
        assertThat(out.getLate()).isFalse();
    }

    @Test
    void normalizesInEvalModeEvenWhileTheKeyStillTrains() {
        StatsSnapshot training =
                StatsSnapshot.newBuilder(example("k1", 2)).setMode(Mode.TRAIN).build();

        NormalizedRecord out = ServingNormalizer.normalize(feature("k1", T0, "r1", 2.0, 12.0), training, DEFAULTS);

        assertThat(out.getMode()).isEqualTo(Mode.EVAL);
        assertThat(out.getValues()).containsExactly(2.1, -0.5);
    }

    @Test
    void refusesARecordOfAnotherDimension() {
        assertThatThrownBy(() -> ServingNormalizer.normalize(feature("k1", T0, "r1", 1.0), example("k1", 1), DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has dimension 2");
    }
}
