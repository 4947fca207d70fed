package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The drift measures of a train batch, against an independent computation: the batch's mean and biased variance in
 * exact decimal arithmetic, then the two formulas.
 */
class DriftMeasuresTest {
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();

    /** The two formulas in decimal arithmetic: shift (b - m) / sqrt(v + eps), ratio (w + eps) / (v + eps). */
    private static double[] exactMeasures(double[][] rows, int j, double m, double v, double eps) {
        BigDecimal sum = BigDecimal.ZERO;
        int n = 0;
        for (double[] row : rows) {
            if (!Double.isNaN(row[j])) {
                sum = sum.add(new BigDecimal(row[j]));
                n++;
            }
        }
        BigDecimal b = sum.divide(BigDecimal.valueOf(n), MC);
        BigDecimal squares = BigDecimal.ZERO;
        for (double[] row : rows) {
            if (!Double.isNaN(row[j])) {
                BigDecimal d = new BigDecimal(row[j]).subtract(b);
                squares = squares.add(d.multiply(d));
            }
        }
        BigDecimal w = squares.divide(BigDecimal.valueOf(n), MC);
        BigDecimal denominator = new BigDecimal(v).add(new BigDecimal(eps));
        BigDecimal shift = b.subtract(new BigDecimal(m)).divide(denominator.sqrt(MC), MC);
        BigDecimal ratio = w.add(new BigDecimal(eps)).divide(denominator, MC);
        return new double[] {shift.doubleValue(), ratio.doubleValue()};
    }

    private static KeyStatistics statistics(double[] mean, double[] variance, long version) {
        int d = mean.length;
        return new KeyStatistics(
                d, RunningStatistics.of(mean, variance, new long[d], new double[d]), version, 64 * version, 0L, 0);
    }

    @Test
    void aHandComputedBatch() {
        // Feature 0: values 1, 3 (mean 2, variance 1) against mean 0, variance 4: shift 2 / 2 = 1, ratio 1 / 4.
        // Feature 1: values 10, 14 (mean 12, variance 4) against mean 11, variance 1: shift 1, ratio 4.
        double[][] rows = {{1, 10}, {3, 14}};
        KeyStatistics before = statistics(new double[] {0, 11}, new double[] {4, 1}, 3);
        ControlState control = ControlState.initial(Mode.TRAIN, 0.9, 0.0);

        DriftMeasures m = DriftMeasures.ofTrainBatch(before, control, BatchMoments.of(rows, 2), CONFIG);

        assertThat(m.shiftVector()).containsExactly(1.0, 1.0);
        assertThat(m.ratioVector()).containsExactly(0.25, 4.0);
        assertThat(m.maxAbsShift()).isEqualTo(1.0);
        // On the thresholds exactly (1, [1/4, 4]) is not beyond them.
        assertThat(DriftThresholds.defaults().crossed(m)).isEmpty();
        assertThat(m.event("k", Mode.TRAIN, 3, 2, 10L, 20L, DriftThresholds.defaults()))
                .isNull();
        assertThat(new DriftThresholds(0.99, 4, 256).crossed(m)).containsExactly(0, 1);
        assertThat(new DriftThresholds(1, 3.99, 256).crossed(m)).containsExactly(0, 1);
    }

    @Test
    void randomBatchesMatchTheIndependentComputation() {
        Random r = new Random(13);
        for (int trial = 0; trial < 200; trial++) {
            int d = 1 + r.nextInt(5);
            int n = 2 + r.nextInt(40);
            double[][] rows = new double[n][d];
            for (double[] row : rows) {
                for (int j = 0; j < d; j++) {
                    row[j] = r.nextInt(10) == 0 ? Double.NaN : 100 * r.nextGaussian() + 7 * j;
                }
            }
            double[] mean = new double[d];
            double[] variance = new double[d];
            for (int j = 0; j < d; j++) {
                mean[j] = 50 * r.nextGaussian();
                variance[j] = Math.exp(8 * r.nextDouble());
            }
            double eps = r.nextBoolean() ? 1e-5 : 0.25;
            DriftMeasures m = DriftMeasures.ofTrainBatch(
                    statistics(mean, variance, 1 + r.nextInt(9)),
                    ControlState.initial(Mode.TRAIN, 0.9, eps),
                    BatchMoments.of(rows, d),
                    CONFIG);
            for (int j = 0; j < d; j++) {
                int present = 0;
                for (double[] row : rows) {
                    present += Double.isNaN(row[j]) ? 0 : 1;
                }
                if (present < 2) {
                    assertThat(m.shift(j)).isNaN();
                    assertThat(m.ratio(j)).isNaN();
                    continue;
                }
                double[] expected = exactMeasures(rows, j, mean[j], variance[j], eps);
                assertThat(m.shift(j)).isCloseTo(expected[0], relative(expected[0]));
                assertThat(m.ratio(j)).isCloseTo(expected[1], relative(expected[1]));
            }
        }
    }

    private static org.assertj.core.data.Offset<Double> relative(double expected) {
        return org.assertj.core.data.Offset.offset(Math.max(Math.abs(expected), 1e-300) * 1e-12);
    }

    @Test
    void meansNearOneBillionKeepTheirDigits() {
        Random r = new Random(7);
        double[][] rows = new double[500][1];
        for (double[] row : rows) {
            row[0] = 1e9 + 5e-4 + r.nextDouble() * 1e-3;
        }
        KeyStatistics before = statistics(new double[] {1e9}, new double[] {1e-6}, 2);

        DriftMeasures m = DriftMeasures.ofTrainBatch(
                before, ControlState.initial(Mode.TRAIN, 0.9, 0.0), BatchMoments.of(rows, 1), CONFIG);

        // The mean of values near 1e9 is only good to 1e-7 as a double, a tenth of the spread; the measures come
        // from the provisional mean and its correction, and keep nine digits.
        double[] expected = exactMeasures(rows, 0, 1e9, 1e-6, 0.0);
        assertThat(m.shift(0)).isCloseTo(expected[0], org.assertj.core.data.Offset.offset(expected[0] * 1e-9));
        assertThat(m.ratio(0)).isCloseTo(expected[1], org.assertj.core.data.Offset.offset(expected[1] * 1e-9));
        assertThat(expected[0]).isBetween(0.5, 1.5);
    }

    @Test
    void aKeysFirstFoldIsNotMeasuredUnlessAPriorGaveItStatistics() {
        double[][] rows = {{1}, {3}};
        KeyStatistics fresh = KeyStatistics.initial(1, 0);
        ControlState plain = ControlState.initial(Mode.TRAIN, 0.9, 0.0);

        assertThat(DriftMeasures.ofTrainBatch(fresh, plain, BatchMoments.of(rows, 1), CONFIG))
                .isNull();

        // A prior of mean 2, variance 4: the batch (mean 2, variance 1) did not move, its spread shrank to 1/4.
        ControlState withPrior = plain.withPrior(new Prior(new double[] {2}, new double[] {4}, 10));
        DriftMeasures m = DriftMeasures.ofTrainBatch(fresh, withPrior, BatchMoments.of(rows, 1), CONFIG);
        assertThat(m.shiftVector()).containsExactly(0.0);
        assertThat(m.ratioVector()).containsExactly(0.25);
    }

    @Test
    void aFeatureWithTooFewPresentValuesIsNotMeasuredAndNeverCrosses() {
        double[][] rows = {{1, 100, Double.NaN}, {3, Double.NaN, Double.NaN}, {5, Double.NaN, Double.NaN}};
        KeyStatistics before = statistics(new double[] {0, 0, 0}, new double[] {1, 1, 1}, 1);
        DriftMeasures m = DriftMeasures.ofTrainBatch(
                before, ControlState.initial(Mode.TRAIN, 0.9, 0.0), BatchMoments.of(rows, 3), CONFIG);

        assertThat(m.shift(1)).isNaN();
        assertThat(m.ratio(2)).isNaN();
        assertThat(DriftThresholds.defaults().crossed(m)).containsExactly(0);
        assertThat(m.maxAbsShift()).isEqualTo(3.0);

        NormalizerConfig strict = CONFIG.toBuilder().minBatchSize(4).build();
        assertThat(DriftMeasures.ofTrainBatch(
                                before, ControlState.initial(Mode.TRAIN, 0.9, 0.0), BatchMoments.of(rows, 3), strict)
                        .shift(0))
                .isNaN();
    }

    @Test
    void zeroDenominatorsWithEpsilonZero() {
        KeyStatistics constant = statistics(new double[] {5, 5, 5}, new double[] {0, 0, 0}, 4);
        double[][] rows = {{5, 6, 4}, {5, 6, 6}};
        DriftMeasures m = DriftMeasures.ofTrainBatch(
                constant, ControlState.initial(Mode.TRAIN, 0.9, 0.0), BatchMoments.of(rows, 3), CONFIG);

        assertThat(m.shiftVector()).containsExactly(0.0, Double.POSITIVE_INFINITY, 0.0);
        assertThat(m.ratioVector()).containsExactly(1.0, 1.0, Double.POSITIVE_INFINITY);
        assertThat(DriftThresholds.defaults().crossed(m)).containsExactly(1, 2);
    }

    @Test
    void aCollapsedSpreadCrossesBelowOneOverTheRatio() {
        KeyStatistics before = statistics(new double[] {0}, new double[] {1}, 1);
        double[][] rows = {{0.1}, {-0.1}};
        DriftMeasures m = DriftMeasures.ofTrainBatch(
                before, ControlState.initial(Mode.TRAIN, 0.9, 0.0), BatchMoments.of(rows, 1), CONFIG);

        assertThat(m.ratio(0)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
        DriftEvent e = m.event("k", Mode.TRAIN, 1, 2, 5L, 9L, DriftThresholds.defaults());
        assertThat(e.crossed()).containsExactly(0);
        assertThat(e.statsVersion()).isEqualTo(1);
        assertThat(e.firstEventTime()).isEqualTo(5L);
        assertThat(e.lastEventTime()).isEqualTo(9L);
    }

    @Test
    void theSameBatchGivesTheSameBits() {
        Random r = new Random(5);
        double[][] rows = new double[32][4];
        for (double[] row : rows) {
            for (int j = 0; j < 4; j++) {
                row[j] = r.nextGaussian() * 3 + 1;
            }
        }
        KeyStatistics before = statistics(new double[] {0, 1, 2, 3}, new double[] {1, 2, 3, 4}, 6);
        ControlState control = ControlState.initial(Mode.TRAIN, 0.9, 1e-5);
        DriftMeasures a = DriftMeasures.ofTrainBatch(before, control, BatchMoments.of(rows, 4), CONFIG);
        DriftMeasures b = DriftMeasures.ofTrainBatch(before, control, BatchMoments.of(rows.clone(), 4), CONFIG);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void thresholdsAreValidatedNamingTheFlag() {
        assertRefused(Map.of("drift-shift", "0"), "drift-shift", "> 0");
        assertRefused(Map.of("drift-shift", "-1"), "drift-shift", "> 0");
        assertRefused(Map.of("drift-shift", "Infinity"), "drift-shift", "finite");
        assertRefused(Map.of("drift-ratio", "1"), "drift-ratio", "> 1");
        assertRefused(Map.of("drift-ratio", "0.5"), "drift-ratio", "> 1");
        assertRefused(Map.of("drift-window", "1"), "drift-window", "at least 2");
        assertRefused(Map.of("drift-window", "lots"), "drift-window", "whole number");
        assertThatThrownBy(() -> new DriftThresholds(1, 1, 10))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--drift-ratio: ");

        NormalizerConfig c =
                NormalizerOptions.parse(Map.of("drift-shift", "2.5", "drift-ratio", "9", "drift-window", "64"));
        assertThat(c.drift()).isEqualTo(new DriftThresholds(2.5, 9, 64));
        assertThat(CONFIG.drift()).isEqualTo(new DriftThresholds(1.0, 4.0, 256));
    }

    private static void assertRefused(Map<String, String> flags, String option, String hint) {
        assertThatThrownBy(() -> NormalizerOptions.parse(flags))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--" + option)
                .hasMessageContaining(hint)
                .satisfies(e -> assertThat(((ConfigException) e).option()).isEqualTo(option));
    }
}
