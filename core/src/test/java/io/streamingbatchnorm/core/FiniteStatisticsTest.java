package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statistics stay finite whatever arrives: bounded values, refused batches, refused outputs. */
class FiniteStatisticsTest {
    private static final NormalizerConfig CONFIG = NormalizerConfig.defaults();

    @Test
    void valuesBeyondTheBoundAreRefusedOnArrivalNamingTheValueTheBoundAndTheFlag() {
        Rejection r = RecordCheck.validate("k", 0, new double[] {1, Double.NaN, -1.7e308}, CONFIG);
        assertThat(r.reason()).isEqualTo(ReasonCode.VALUE_OUT_OF_RANGE);
        assertThat(r.message()).contains("values[2]", "-1.7E308", "--max-abs-value", "1e100");
        assertThat(RecordCheck.validate("k", 0, new double[] {1e100, -1e100, Double.MIN_VALUE}, CONFIG))
                .isNull();
        assertThat(RecordCheck.validate("k", 0, new double[] {Math.nextUp(1e100)}, CONFIG)
                        .reason())
                .isEqualTo(ReasonCode.VALUE_OUT_OF_RANGE);
        assertThat(RecordCheck.validate("k", 0, new double[] {Double.POSITIVE_INFINITY}, CONFIG)
                        .reason())
                .isEqualTo(ReasonCode.INFINITE_VALUE);
    }

    /** The replay of issue 11: one key with 1e200, 1e308 and 1.7e308 used to end with running_mean NaN forever. */
    @Test
    void theIssueReplayIsRefusedOnArrival() {
        for (double x : new double[] {1e200, 1e308, 1.7e308}) {
            assertThat(RecordCheck.validate("k", 0, new double[] {x}, CONFIG).reason())
                    .isEqualTo(ReasonCode.VALUE_OUT_OF_RANGE);
        }
    }

    /** Belt and braces: an engine that skipped the check still cannot poison a key's statistics. */
    @Test
    void aBatchWhoseStatisticsOverflowIsRefusedWholeAndChangesNothing() {
        KeyStatistics before = KeyStatistics.initial(1, 0)
                .train(new double[][] {{1}, {3}}, 5L, CONFIG.initialControl(), CONFIG)
                .next();
        KeyStatistics.TrainResult r =
                before.train(new double[][] {{1e200}, {1e308}, {1.7e308}}, 9L, CONFIG.initialControl(), CONFIG);
        assertThat(r.folded()).isFalse();
        assertThat(r.next()).isSameAs(before);
        assertThat(r.batchRejection().reason()).isEqualTo(ReasonCode.NON_FINITE_STATISTICS);
        for (int i = 0; i < 3; i++) {
            assertThat(r.rejection(i)).isSameAs(r.batchRejection());
        }
        KeyStatistics after = r.next()
                .train(new double[][] {{5}, {7}}, 10L, CONFIG.initialControl(), CONFIG)
                .next();
        assertThat(after.running().mean(0)).isFinite();
        assertThat(after.version()).isEqualTo(2);
    }

    /** Moments that are finite but overflow once folded (squares of 1e200) are refused too. */
    @Test
    void aFoldThatWouldOverflowIsRefused() {
        NormalizerConfig cumulative =
                NormalizerConfig.builder().running(Running.CUMULATIVE).build();
        KeyStatistics before = KeyStatistics.initial(1, 0)
                .train(new double[][] {{-1e160}, {-1e160}}, 0L, cumulative.initialControl(), cumulative)
                .next();
        KeyStatistics.TrainResult r =
                before.train(new double[][] {{1e160}, {1e160}}, 0L, cumulative.initialControl(), cumulative);
        assertThat(r.batchRejection().reason()).isEqualTo(ReasonCode.NON_FINITE_STATISTICS);
        assertThat(r.next()).isSameAs(before);
    }

    /**
     * The bound's derivation at its worst case: a cumulative key with almost {@code Long.MAX_VALUE} values at
     * {@code -L} folds a batch at {@code +L}, {@code L} the largest accepted bound. The same fold at 2.3e144 (where
     * {@code 4 L^2 2^63} passes {@code Double.MAX_VALUE}) overflows: the bound is not loose by much.
     */
    @Test
    void theLargestBoundKeepsTheWorstCumulativeFoldFinite() {
        double limit = NormalizerOptions.LARGEST_MAX_ABS_VALUE;
        NormalizerConfig config = NormalizerConfig.builder()
                .running(Running.CUMULATIVE)
                .maxAbsValue(limit)
                .build();
        assertThat(worstCumulativeFold(limit, config).isFinite()).isTrue();
        assertThat(worstCumulativeFold(2.3e144, config).isFinite()).isFalse();
    }

    private static RunningStatistics worstCumulativeFold(double bound, NormalizerConfig config) {
        long n = Long.MAX_VALUE - 64;
        RunningStatistics old =
                RunningStatistics.of(new double[] {-bound}, new double[] {0.0}, new long[] {n}, new double[] {0.0});
        BatchMoments batch = BatchMoments.of(new double[][] {{bound}, {bound}}, 1);
        return old.fold(batch, 0.9, config);
    }

    @Test
    void anOutputThatOverflowsIsReportedNotEmitted() {
        NormalizerConfig noEpsilon = NormalizerConfig.builder().epsilon(0.0).build();
        RunningStatistics tiny = RunningStatistics.of(
                new double[] {0, 0}, new double[] {Double.MIN_VALUE, 1}, new long[2], new double[2]);
        KeyStatistics key = new KeyStatistics(2, tiny, 1, 2, 0, 0);
        ControlState control = noEpsilon.initialControl().withAffine(new double[] {1e100, 1}, null);

        double[] x = {1e100, Double.NaN};
        double[] y = key.eval(x, control, noEpsilon);
        Rejection r = OutputCheck.validate(x, y);
        assertThat(r.reason()).isEqualTo(ReasonCode.NON_FINITE_OUTPUT);
        assertThat(r.message()).contains("values[0]", "--epsilon");
        assertThat(OutputCheck.validate(
                        new double[] {0, Double.NaN}, key.eval(new double[] {0, Double.NaN}, control, noEpsilon)))
                .isNull();

        // In train mode, feature 0 has a single value, so it falls back to the tiny running variance.
        KeyStatistics.TrainResult t = key.train(new double[][] {{1e100, 1}, {Double.NaN, 2}}, 0L, control, noEpsilon);
        assertThat(t.folded()).isTrue();
        assertThat(t.rejection(0).reason()).isEqualTo(ReasonCode.NON_FINITE_OUTPUT);
        assertThat(t.rejection(1)).isNull();
        assertThat(t.next().running().isFinite()).isTrue();
    }

    @Test
    void theBoundItselfIsCheckedWhenTheConfigurationIsBuilt() {
        for (String bad : new String[] {"0", "-1", "NaN", "Infinity", "2e144"}) {
            assertThatThrownBy(() -> NormalizerOptions.parse(Map.of("max-abs-value", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("--max-abs-value")
                    .hasMessageContaining("1e144");
        }
        assertThatThrownBy(() -> NormalizerConfig.builder().maxAbsValue(1e145).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--max-abs-value");
        assertThat(NormalizerOptions.parse(Map.of("max-abs-value", "1e144")).maxAbsValue())
                .isEqualTo(1e144);
        assertThat(CONFIG.maxAbsValue()).isEqualTo(1e100);
    }

    @Test
    void gammaAndBetaBeyondTheBoundAreRefused() {
        Command big =
                new Command("c", "k", CommandType.SET_AFFINE, null, new double[] {1, 1e101}, null, null, null, null, 0);
        Rejection r = CommandCheck.validate(big, CONFIG);
        assertThat(r.reason()).isEqualTo(ReasonCode.INVALID_COMMAND);
        assertThat(r.message()).contains("gamma[1]", "--max-abs-value");
        Command beta =
                new Command("c", "k", CommandType.SET_AFFINE, null, null, new double[] {-2e100}, null, null, null, 0);
        assertThat(CommandCheck.validate(beta, CONFIG).message()).contains("beta[0]");
    }
}
