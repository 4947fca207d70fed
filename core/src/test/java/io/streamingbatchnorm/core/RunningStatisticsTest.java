package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RunningStatisticsTest {
    private static final double[][] B1 = {{1.0}, {3.0}}; // mean 2, biased variance 1
    private static final double[][] B2 = {{2.0}, {6.0}}; // mean 4, biased variance 4
    private static final double[][] B3 = {{0.0}, {0.0}, {6.0}}; // mean 2, biased variance 8

    private static KeyStatistics run(NormalizerConfig config, double[][]... batches) {
        KeyStatistics s = KeyStatistics.initial(1, 0);
        for (double[][] b : batches) {
            s = s.train(b, 0L, config.initialControl(), config).next();
        }
        return s;
    }

    @Test
    void emaWithMomentumZeroIsTheLastBatch() {
        NormalizerConfig config = NormalizerConfig.builder().momentum(0.0).build();
        KeyStatistics s = run(config, B1, B2, B3);
        assertThat(s.running().mean(0)).isEqualTo(2.0);
        assertThat(s.running().variance(0)).isEqualTo(8.0);
    }

    @Test
    void emaThreeBatchesByHand() {
        // mean: 0 -> 0.2 -> 0.58 -> 0.722; variance: 1 -> 1.0 -> 1.3 -> 1.97
        KeyStatistics s = run(NormalizerConfig.defaults(), B1, B2, B3);
        assertThat(s.running().mean(0)).isCloseTo(0.722, within(1e-12));
        assertThat(s.running().variance(0)).isCloseTo(1.97, within(1e-12));
        assertThat(s.version()).isEqualTo(3);
        assertThat(s.count()).isEqualTo(7);
    }

    @Test
    void unbiasedRunningVarianceMultipliesByNOverNMinusOne() {
        NormalizerConfig config = NormalizerConfig.builder()
                .momentum(0.0)
                .runningVariance(RunningVariance.UNBIASED)
                .build();
        KeyStatistics s = run(config, B3);
        assertThat(s.running().variance(0)).isCloseTo(8.0 * 3 / 2, within(1e-12));
    }

    @Test
    void firstBatchInitTakesTheFirstBatchStatistics() {
        NormalizerConfig config =
                NormalizerConfig.builder().init(InitPolicy.FIRST_BATCH).build();
        KeyStatistics s = run(config, B1);
        assertThat(s.running().mean(0)).isEqualTo(2.0);
        assertThat(s.running().variance(0)).isEqualTo(1.0);
        s = s.train(B2, 0L, config.initialControl(), config).next();
        assertThat(s.running().mean(0)).isCloseTo(0.9 * 2 + 0.1 * 4, within(1e-12));
    }

    @Test
    void cumulativeIsThePooledMeanAndVariance() {
        NormalizerConfig config =
                NormalizerConfig.builder().running(Running.CUMULATIVE).build();
        KeyStatistics s = run(config, B1, B2, B3);
        // all seven values: 1 3 2 6 0 0 6 -> mean 18/7
        double mean = 18.0 / 7;
        double ss = 0;
        for (double x : new double[] {1, 3, 2, 6, 0, 0, 6}) {
            ss += (x - mean) * (x - mean);
        }
        assertThat(s.running().mean(0)).isCloseTo(mean, within(1e-12));
        assertThat(s.running().variance(0)).isCloseTo(ss / 7, within(1e-12));

        NormalizerConfig unbiased =
                config.toBuilder().runningVariance(RunningVariance.UNBIASED).build();
        assertThat(run(unbiased, B1, B2, B3).running().variance(0)).isCloseTo(ss / 6, within(1e-12));
    }

    @Test
    void featureBelowMinBatchSizeUsesRunningStatisticsAndLeavesThemUnchanged() {
        NormalizerConfig config = NormalizerConfig.builder().momentum(0.0).build();
        KeyStatistics before = KeyStatistics.initial(2, 0)
                .train(new double[][] {{1, 10}, {3, 14}}, 0L, config.initialControl(), config)
                .next();
        // feature 1 has a single present value in this batch
        double[][] batch = {{5, Double.NaN}, {7, 20}};
        KeyStatistics.TrainResult r = before.train(batch, 0L, config.initialControl(), config);
        assertThat(r.next().running().mean(1)).isEqualTo(before.running().mean(1));
        assertThat(r.next().running().variance(1)).isEqualTo(before.running().variance(1));
        assertThat(r.next().running().mean(0)).isEqualTo(6.0);
        double expected = (20 - 12.0) / Math.sqrt(4.0 + config.epsilon());
        assertThat(r.outputs()[1][1]).isCloseTo(expected, within(1e-12));
        assertThat(r.outputs()[0][1]).isNaN();
        assertThat(r.next().version()).isEqualTo(2);
    }

    @Test
    void aBatchWithNoFeatureLargeEnoughIsNotFoldedAndKeepsTheVersion() {
        NormalizerConfig config = NormalizerConfig.defaults();
        KeyStatistics s = KeyStatistics.initial(2, 0);
        KeyStatistics.TrainResult r = s.train(new double[][] {{1, 2}}, 5L, config.initialControl(), config);
        assertThat(r.folded()).isFalse();
        assertThat(r.next()).isEqualTo(s);
        assertThat(r.outputs()[0]).containsExactly((1 - 0) / Math.sqrt(1 + 1e-5), (2 - 0) / Math.sqrt(1 + 1e-5));
    }

    @Test
    void missingValuesStayMissingOrBecomeBetaWithImpute() {
        double[][] batch = {{1, Double.NaN}, {3, 4}, {5, 6}};
        NormalizerConfig nan = NormalizerConfig.defaults();
        ControlState control = nan.initialControl().withAffine(new double[] {2, 2}, new double[] {0.5, -0.5});
        assertThat(KeyStatistics.initial(2, 0).train(batch, 0L, control, nan).outputs()[0][1])
                .isNaN();
        NormalizerConfig impute = nan.toBuilder().missing(MissingPolicy.IMPUTE).build();
        assertThat(KeyStatistics.initial(2, 0).train(batch, 0L, control, impute).outputs()[0][1])
                .isEqualTo(-0.5);
        assertThat(KeyStatistics.initial(2, 0).eval(new double[] {Double.NaN, 1}, control, impute)[0])
                .isEqualTo(0.5);
    }

    @Test
    void evalUsesTheRunningStatisticsAndChangesNothing() {
        NormalizerConfig config = NormalizerConfig.builder().momentum(0.0).build();
        KeyStatistics s = run(config, B2);
        ControlState control = config.initialControl().withAffine(new double[] {3}, new double[] {1});
        double[] y = s.eval(new double[] {8.0}, control, config);
        assertThat(y[0]).isEqualTo((8.0 - 4.0) * (3 / Math.sqrt(4.0 + 1e-5)) + 1);
    }

    @Test
    void zeroEpsilonAndConstantFeatureNormalizesToBeta() {
        NormalizerConfig config = NormalizerConfig.builder().epsilon(0.0).build();
        ControlState control = config.initialControl().withAffine(null, new double[] {0.25});
        double[][] out = KeyStatistics.initial(1, 0)
                .train(new double[][] {{2}, {2}}, 0L, control, config)
                .outputs();
        assertThat(out[0][0]).isEqualTo(0.25);
        assertThat(out[1][0]).isEqualTo(0.25);
    }
}
