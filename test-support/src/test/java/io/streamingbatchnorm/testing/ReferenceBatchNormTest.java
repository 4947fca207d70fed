package io.streamingbatchnorm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference against numbers worked out by hand, so that the tests comparing with it compare with the semantics. */
class ReferenceBatchNormTest {
    private static final ReferenceBatchNorm.Settings NO_EPSILON = ReferenceBatchNorm.Settings.DEFAULTS.withEpsilon(0);

    @Test
    void aTrainBatchIsNormalizedWithItsOwnMomentsAndFoldedInWithMomentum() {
        ReferenceBatchNorm key = new ReferenceBatchNorm(2, NO_EPSILON);

        double[][] y = key.train(new double[][] {{1, 10}, {2, 20}, {3, 30}}, 7);

        // Mean (2, 20), biased variance (2/3, 200/3); momentum 0.9 from mean 0 and variance 1.
        assertThat(y[0]).containsExactly(new double[] {-Math.sqrt(1.5), -Math.sqrt(1.5)}, within(1e-15));
        assertThat(y[1]).containsExactly(0, 0);
        assertThat(y[2]).containsExactly(new double[] {Math.sqrt(1.5), Math.sqrt(1.5)}, within(1e-15));
        assertThat(key.mean()).containsExactly(new double[] {0.2, 2.0}, within(1e-15));
        assertThat(key.var()).containsExactly(new double[] {0.9 + 0.1 * 2 / 3, 0.9 + 0.1 * 200 / 3}, within(1e-13));
        assertThat(key.version()).isEqualTo(1);
        assertThat(key.count()).isEqualTo(3);
        assertThat(key.lastEventTime()).isEqualTo(7);
    }

    @Test
    void aFeatureBelowMinBatchSizeIsNormalizedWithTheRunningStatisticsAndNotFolded() {
        ReferenceBatchNorm key = new ReferenceBatchNorm(2, NO_EPSILON);

        double[][] y = key.train(new double[][] {{4, Double.NaN}, {8, 5}}, 1);

        assertThat(y[0][0]).isEqualTo(-1);
        assertThat(y[0][1]).isNaN();
        assertThat(y[1]).containsExactly(1, 5);
        assertThat(key.mean()).containsExactly(new double[] {0.6, 0}, within(1e-15));
        assertThat(key.var()).containsExactly(new double[] {1.3, 1}, within(1e-15));
        assertThat(key.version()).isEqualTo(1);

        double[][] alone = key.train(new double[][] {{2.6, 3}}, 2);

        assertThat(alone[0]).containsExactly(new double[] {2 / Math.sqrt(1.3), 3}, within(1e-15));
        assertThat(key.version()).as("nothing folded, the version stays").isEqualTo(1);
        assertThat(key.count()).isEqualTo(2);
        assertThat(key.lastEventTime()).isEqualTo(1);
    }

    @Test
    void evalUsesGammaBetaAndTheRunningStatisticsAndResetStartsAgain() {
        ReferenceBatchNorm key = new ReferenceBatchNorm(1, NO_EPSILON);
        key.train(new double[][] {{1}, {3}}, 0);
        key.setAffine(new double[] {2}, new double[] {-1});

        // Running mean 0.2 and variance 0.9 + 0.1 * 1 = 1.
        assertThat(key.eval(new double[] {1.2})).containsExactly(new double[] {1}, within(1e-15));

        key.reset();
        assertThat(key.eval(new double[] {3})).containsExactly(3);
        assertThat(key.version()).isZero();
        assertThat(key.resets()).isEqualTo(1);
    }

    @Test
    void cumulativeStatisticsAreThePooledMomentsOfEveryValueFolded() {
        ReferenceBatchNorm key = new ReferenceBatchNorm(1, NO_EPSILON.withCumulative());
        key.train(new double[][] {{1}, {2}}, 0);
        key.train(new double[][] {{3}, {6}}, 1);

        // 1, 2, 3, 6: mean 3, squared deviations 4 + 1 + 0 + 9.
        assertThat(key.mean()).containsExactly(3);
        assertThat(key.var()).containsExactly(3.5);
    }

    @Test
    void aStreamSwitchedToEvalClosesItsOpenBatchFirst() {
        List<ReferenceStream.Record> records = List.of(
                new ReferenceStream.Record("a", 1, "r1", new double[] {1}),
                new ReferenceStream.Record("a", 2, "r2", new double[] {3}),
                new ReferenceStream.Record("a", 3, "r3", new double[] {5}),
                new ReferenceStream.Record("a", 4, "r4", new double[] {7}));

        ReferenceStream stream = ReferenceStream.countBatches(records, 4, NO_EPSILON, Map.of("a", 3L));

        assertThat(stream.outputs().get("r2").batchSize()).isEqualTo(2);
        assertThat(stream.outputs().get("r2").version()).isEqualTo(1);
        assertThat(stream.outputs().get("r3").eval()).isTrue();
        assertThat(stream.outputs().get("r3").version()).isEqualTo(1);
        // Running mean 0.2, variance 0.9 + 0.1 * 1 = 1.
        assertThat(stream.outputs().get("r4").y()).containsExactly(new double[] {6.8}, within(1e-15));
        assertThat(stream.keys().get("a").version()).isEqualTo(1);
    }
}
