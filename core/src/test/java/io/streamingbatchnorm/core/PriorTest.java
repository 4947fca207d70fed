package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SET_PRIOR: validation, the control timeline, and what each running mode does with a prior. */
class PriorTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();
    private static final Prior PRIOR = new Prior(new double[] {10}, new double[] {4}, 3);

    private static Command prior(String id, Long at, double[] mean, double[] variance, Double weight) {
        return Command.setPrior(id, "k", at, mean, variance, weight, null, 0);
    }

    private static void assertRefused(Command c, ReasonCode reason, String... mentions) {
        Rejection r = CommandCheck.validate(c, CONFIG);
        assertThat(r).as(c.toString()).isNotNull();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).contains(mentions);
    }

    @Test
    void aSetPriorIsValidatedOnArrival() {
        double[] one = {1};
        assertThat(CommandCheck.validate(prior("c", 5L, new double[] {1, -2}, new double[] {0, 3}, 0.0), CONFIG))
                .isNull();
        assertRefused(prior("c", null, null, one, 1.0), ReasonCode.INVALID_COMMAND, "'prior_mean'");
        assertRefused(prior("c", null, one, one, null), ReasonCode.INVALID_COMMAND, "'prior_weight'");
        assertRefused(
                prior("c", null, new double[] {1, 2}, one, 1.0), ReasonCode.WRONG_PRIOR_DIMENSION, "'prior_variance'");
        assertRefused(
                prior("c", null, new double[0], new double[0], 1.0),
                ReasonCode.WRONG_PRIOR_DIMENSION,
                "--max-dimension");
        assertRefused(
                prior("c", null, new double[4097], new double[4097], 1.0), ReasonCode.WRONG_PRIOR_DIMENSION, "4096");
        assertRefused(
                prior("c", null, new double[] {Double.NaN}, one, 1.0), ReasonCode.INVALID_COMMAND, "prior_mean[0]");
        assertRefused(
                prior("c", null, new double[] {-2e100}, one, 1.0),
                ReasonCode.INVALID_COMMAND,
                "prior_mean[0]",
                "--max-abs-value");
        assertRefused(prior("c", null, one, new double[] {-1}, 1.0), ReasonCode.INVALID_COMMAND, "prior_variance[0]");
        assertRefused(
                prior("c", null, one, new double[] {Double.NaN}, 1.0), ReasonCode.INVALID_COMMAND, "prior_variance[0]");
        assertRefused(
                prior("c", null, one, new double[] {2e200}, 1.0),
                ReasonCode.INVALID_COMMAND,
                "square",
                "--max-abs-value");
        for (double k : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY, 2e18}) {
            assertRefused(prior("c", null, one, one, k), ReasonCode.INVALID_COMMAND, "'prior_weight'");
        }
        assertThat(CommandCheck.validate(new Command("c", "k", null, null, null, null, null, null, null, 0), CONFIG)
                        .message())
                .contains("SET_PRIOR");
    }

    @Test
    void theTimelineCarriesThePriorThroughResetAndRejectsAnotherDimension() {
        Command set = prior("p", 100L, new double[] {10}, new double[] {4}, 3.0);
        Command affine =
                new Command("a", "k", CommandType.SET_AFFINE, 110L, new double[] {2}, null, null, null, null, 1);
        Command reset = new Command("r", "k", CommandType.RESET, 120L, null, null, null, null, null, 2);
        Command wrong = prior("w", 130L, new double[] {1, 2}, new double[] {1, 1}, 1.0);
        ControlTimeline t = ControlTimeline.of(List.of(set, affine, reset, wrong), 1, CONFIG);
        assertThat(t.at(99).prior()).isNull();
        assertThat(t.at(100).prior()).isEqualTo(PRIOR);
        assertThat(t.at(120).prior()).isEqualTo(PRIOR);
        assertThat(t.at(120).hasAffine()).isFalse();
        assertThat(t.at(120).resetGeneration()).isEqualTo(1);
        assertThat(t.latest()).isEqualTo(t.at(120));
        assertThat(t.rejected()).singleElement().satisfies(r -> {
            assertThat(r.command().id()).isEqualTo("w");
            assertThat(r.rejection().reason()).isEqualTo(ReasonCode.WRONG_PRIOR_DIMENSION);
        });
    }

    @Test
    void aKeyWithNoFoldedBatchIsNormalizedWithThePrior() {
        ControlState control = CONFIG.initialControl().withPrior(PRIOR);
        KeyStatistics key = KeyStatistics.initial(1, 0);
        double expected = (16 - 10) * (1 / Math.sqrt(4 + 1e-5));
        assertThat(key.eval(new double[] {16}, control, CONFIG)[0]).isEqualTo(expected);
        assertThat(key.evalNormalizer(control, CONFIG).normalize(new double[] {16})[0])
                .isEqualTo(expected);
        KeyStatistics.TrainResult small = key.train(new double[][] {{16}}, 0L, control, CONFIG);
        assertThat(small.folded()).isFalse();
        assertThat(small.outputs()[0][0]).isEqualTo(expected);
        assertThat(key.runningFor(control).meanVector()).containsExactly(10.0);
        assertThat(key.runningFor(CONFIG.initialControl()).meanVector()).containsExactly(0.0);
    }

    @Test
    void underEmaThePriorReplacesZeroAndOneAndFirstBatchAppliesOnlyToAPriorOfWeightZero() {
        double[][] batch = {{1}, {3}}; // mean 2, variance 1
        KeyStatistics s = fold(CONFIG, PRIOR, batch);
        assertThat(s.running().mean(0)).isCloseTo(0.9 * 10 + 0.1 * 2, within(1e-12));
        assertThat(s.running().variance(0)).isCloseTo(0.9 * 4 + 0.1 * 1, within(1e-12));

        NormalizerConfig firstBatch =
                CONFIG.toBuilder().init(InitPolicy.FIRST_BATCH).build();
        assertThat(fold(firstBatch, PRIOR, batch).running().mean(0)).isCloseTo(9.2, within(1e-12));
        Prior noConfidence = new Prior(new double[] {10}, new double[] {4}, 0);
        assertThat(fold(firstBatch, noConfidence, batch).running().mean(0)).isEqualTo(2.0);
        assertThat(fold(firstBatch, noConfidence, batch).running().variance(0)).isEqualTo(1.0);
    }

    @Test
    void underCumulativeThePriorIsPooledAsKValuesWithItsMeanAndVariance() {
        Random r = new Random(4);
        double[][] rows = new double[17][1];
        for (double[] row : rows) {
            row[0] = 7 + 2 * r.nextGaussian();
        }
        for (RunningVariance v : RunningVariance.values()) {
            NormalizerConfig config = NormalizerConfig.builder()
                    .running(Running.CUMULATIVE)
                    .runningVariance(v)
                    .build();
            KeyStatistics s = fold(
                    config, PRIOR, java.util.Arrays.copyOfRange(rows, 0, 9), java.util.Arrays.copyOfRange(rows, 9, 17));
            // Independently: mean of k pseudo-values at 10 and the data; sum of squares around it.
            double k = 3;
            double sum = k * 10;
            for (double[] row : rows) {
                sum += row[0];
            }
            double w = k + rows.length;
            double mean = sum / w;
            double m2 = k * (4 + (10 - mean) * (10 - mean));
            for (double[] row : rows) {
                m2 += (row[0] - mean) * (row[0] - mean);
            }
            double variance = v == RunningVariance.BIASED ? m2 / w : m2 / (w - rows.length / w);
            assertThat(s.running().mean(0)).isCloseTo(mean, within(1e-12 * mean));
            assertThat(s.running().variance(0)).isCloseTo(variance, within(1e-12 * variance));
            assertThat(s.running().countVector()).containsExactly(17L);
        }
    }

    @Test
    void underAverageThePriorCountsAsKBatches() {
        NormalizerConfig config =
                NormalizerConfig.builder().running(Running.AVERAGE).build();
        KeyStatistics s = fold(config, PRIOR, new double[][] {{1}, {3}}, new double[][] {{2}, {6}});
        assertThat(s.running().mean(0)).isCloseTo((3 * 10 + 2 + 4) / 5.0, within(1e-12));
        assertThat(s.running().variance(0)).isCloseTo((3 * 4 + 1 + 4) / 5.0, within(1e-12));
    }

    /** The prior is weighted at the earliest event time of the first batch folded from it. */
    @Test
    void underDecayThePriorIsWeightedAtTheStartOfTheKeysData() {
        NormalizerConfig config = NormalizerConfig.builder()
                .running(Running.DECAY)
                .halfLife(Duration.ofMillis(4000))
                .runningVariance(RunningVariance.UNBIASED)
                .build();
        ControlState control = config.initialControl().withPrior(PRIOR);
        Random r = new Random(6);
        List<DecayStatisticsTest.Timed> values = new ArrayList<>();
        KeyStatistics s = KeyStatistics.initial(1, 0);
        for (int b = 0; b < 4; b++) {
            double[][] rows = new double[5][1];
            long[] times = new long[5];
            for (int i = 0; i < 5; i++) {
                DecayStatisticsTest.Timed v =
                        new DecayStatisticsTest.Timed(5 + r.nextGaussian(), 8 + b * 10 + r.nextInt(12));
                values.add(v);
                rows[i][0] = v.x();
                times[i] = v.time();
            }
            s = s.train(rows, times, control, config).next();
        }
        long firstBatchStart = values.subList(0, 5).stream()
                .mapToLong(DecayStatisticsTest.Timed::quarters)
                .min()
                .orElseThrow();
        var exact = DecayStatisticsTest.exactMeanAndVariance(values, true, new double[] {10, 4, 3, firstBatchStart});
        DecayStatisticsTest.assertRelative(s.running().mean(0), exact[0], 1e-12);
        DecayStatisticsTest.assertRelative(s.running().variance(0), exact[1], 1e-12);
    }

    @Test
    void aPriorArrivingAfterFoldsWaitsForTheNextReset() {
        KeyStatistics folded = fold(CONFIG, null, new double[][] {{1}, {3}});
        ControlState withPrior = CONFIG.initialControl().withPrior(PRIOR);
        assertThat(folded.runningFor(withPrior)).isSameAs(folded.running());
        assertThat(folded.eval(new double[] {2}, withPrior, CONFIG))
                .containsExactly(folded.eval(new double[] {2}, CONFIG.initialControl(), CONFIG));
        KeyStatistics reset = KeyStatistics.initial(1, folded.resetGeneration() + 1);
        assertThat(reset.runningFor(withPrior).meanVector()).containsExactly(10.0);
        assertThat(reset.runningFor(withPrior).varianceVector()).containsExactly(4.0);
    }

    /** With the prior's largest weight and the largest bound, the worst cumulative fold stays finite. */
    @Test
    void theLargestPriorWeightKeepsTheWorstFoldFinite() {
        double bound = NormalizerOptions.LARGEST_MAX_ABS_VALUE;
        NormalizerConfig config = NormalizerConfig.builder()
                .running(Running.CUMULATIVE)
                .runningVariance(RunningVariance.UNBIASED)
                .maxAbsValue(bound)
                .build();
        long n = Long.MAX_VALUE - 64;
        double w = n + Prior.MAX_WEIGHT;
        RunningStatistics old = RunningStatistics.of(
                new double[] {-bound},
                new double[] {bound * bound},
                new long[] {n},
                new double[] {Prior.MAX_WEIGHT * bound * bound},
                new double[] {w},
                new double[] {n},
                RunningStatistics.NO_LANDMARK);
        RunningStatistics after =
                old.fold(BatchMoments.of(new double[][] {{bound}, {-bound}, {bound}}, 1), 0.9, config);
        assertThat(after.isFinite()).isTrue();
    }

    @Test
    void poolingKeysIsTheMeanAndVarianceOfAllTheirValues() {
        Random r = new Random(9);
        List<PriorPooling.KeyMoments> keys = new ArrayList<>();
        List<double[]> all = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            int n = 3 + r.nextInt(40);
            double[][] rows = new double[n][2];
            for (double[] row : rows) {
                row[0] = k * 10 + r.nextGaussian();
                row[1] = -k + 3 * r.nextGaussian();
                all.add(row);
            }
            double[][] mv = meansAndVariances(rows);
            keys.add(new PriorPooling.KeyMoments("k" + k, n, mv[0], mv[1]));
        }
        keys.add(new PriorPooling.KeyMoments("empty", 0, new double[] {1e9, 1e9}, new double[] {1, 1}));
        Prior pooled = PriorPooling.pool(keys, 7);
        double[][] union = meansAndVariances(all.toArray(new double[0][]));
        for (int j = 0; j < 2; j++) {
            assertThat(pooled.mean(j)).isCloseTo(union[0][j], within(1e-12 * Math.max(1, Math.abs(union[0][j]))));
            assertThat(pooled.variance(j)).isCloseTo(union[1][j], within(1e-12 * union[1][j]));
        }
        assertThat(pooled.weight()).isEqualTo(7.0);
        assertThatThrownBy(() -> PriorPooling.pool(List.of(keys.get(5)), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key");
        List<PriorPooling.KeyMoments> mixed =
                List.of(keys.get(0), new PriorPooling.KeyMoments("odd", 2, new double[] {1}, new double[] {1}));
        assertThatThrownBy(() -> PriorPooling.pool(mixed, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'odd'");
    }

    /** Per column: {means, biased variances}, two passes. */
    private static double[][] meansAndVariances(double[][] rows) {
        int d = rows[0].length;
        double[][] out = new double[2][d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (double[] row : rows) {
                sum += row[j];
            }
            double mean = sum / rows.length;
            double ss = 0;
            for (double[] row : rows) {
                ss += (row[j] - mean) * (row[j] - mean);
            }
            out[0][j] = mean;
            out[1][j] = ss / rows.length;
        }
        return out;
    }

    private static KeyStatistics fold(NormalizerConfig config, Prior prior, double[][]... batches) {
        ControlState control = config.initialControl().withPrior(prior);
        KeyStatistics s = KeyStatistics.initial(1, 0);
        for (double[][] b : batches) {
            s = s.train(b, 0L, control, config).next();
        }
        return s;
    }
}
