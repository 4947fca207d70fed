package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tumbling count windows of eval records, measured against the frozen statistics they were normalized with. */
class DriftWindowTest {
    private static final NormalizerConfig CONFIG =
            NormalizerConfig.builder().drift(new DriftThresholds(1.0, 4.0, 8)).build();
    private static final ControlState EVAL = ControlState.initial(Mode.EVAL, 0.9, 1e-5);

    private static KeyStatistics statistics(long version, int generation) {
        return new KeyStatistics(
                2,
                RunningStatistics.of(new double[] {10, -1}, new double[] {4, 0.25}, new long[2], new double[2]),
                version,
                100,
                0L,
                generation);
    }

    private static double[][] rows(long seed, int n) {
        Random r = new Random(seed);
        double[][] rows = new double[n][2];
        for (double[] row : rows) {
            row[0] = 13 + 2 * r.nextGaussian();
            row[1] = r.nextInt(5) == 0 ? Double.NaN : -1 + 0.5 * r.nextGaussian();
        }
        return rows;
    }

    @Test
    void aFullWindowMeasuresLikeABatchOfItsRecords() {
        KeyStatistics stats = statistics(5, 0);
        double[][] rows = rows(1, 8);
        DriftWindow window = DriftWindow.empty(2);
        DriftWindow.Full full = null;
        for (int i = 0; i < rows.length; i++) {
            DriftWindow.Full f = window.add(rows[i], 1000L - i, stats, EVAL, CONFIG);
            if (i < rows.length - 1) {
                assertThat(f).isNull();
            }
            full = f;
        }
        // The same two formulas on the window's records as one batch (two-pass moments): equal to rounding.
        DriftMeasures asBatch = DriftMeasures.of(
                stats.running(), BatchMoments.of(rows, 2), EVAL.epsilon(), DriftMeasures.minimumCount(CONFIG));
        for (int j = 0; j < 2; j++) {
            assertThat(full.measures().shift(j)).isCloseTo(asBatch.shift(j), within(1e-12));
            assertThat(full.measures().ratio(j)).isCloseTo(asBatch.ratio(j), within(1e-12));
        }
        assertThat(full.records()).isEqualTo(8);
        assertThat(full.statsVersion()).isEqualTo(5);
        assertThat(full.firstEventTime()).isEqualTo(993L);
        assertThat(full.lastEventTime()).isEqualTo(1000L);
        assertThat(window.records()).isZero();

        // Mean 13 against 10 with a standard deviation of 2: a shift of about 1.5, feature 0 crosses.
        DriftEvent event = full.event("k", CONFIG.drift());
        assertThat(event.mode()).isEqualTo(Mode.EVAL);
        assertThat(event.windowSize()).isEqualTo(8);
        assertThat(event.crossed()).contains(0);
    }

    @Test
    void windowsTumble() {
        KeyStatistics stats = statistics(5, 0);
        double[][] first = rows(2, 8);
        double[][] second = rows(3, 8);
        DriftWindow window = DriftWindow.empty(2);
        DriftWindow.Full a = null;
        DriftWindow.Full b = null;
        for (double[] row : first) {
            a = window.add(row, 1L, stats, EVAL, CONFIG);
        }
        for (double[] row : second) {
            b = window.add(row, 2L, stats, EVAL, CONFIG);
        }
        DriftWindow alone = DriftWindow.empty(2);
        DriftWindow.Full expected = null;
        for (double[] row : second) {
            expected = alone.add(row, 2L, stats, EVAL, CONFIG);
        }
        assertThat(a).isNotNull();
        assertThat(b).isEqualTo(expected);
    }

    @Test
    void recordsOfAnotherVersionOrGenerationStartANewWindow() {
        double[][] rows = rows(4, 12);
        DriftWindow window = DriftWindow.empty(2);
        for (int i = 0; i < 5; i++) {
            assertThat(window.add(rows[i], 1L, statistics(5, 0), EVAL, CONFIG)).isNull();
        }
        assertThat(window.add(rows[5], 1L, statistics(6, 0), EVAL, CONFIG)).isNull();
        assertThat(window.records()).isEqualTo(1);
        assertThat(window.statsVersion()).isEqualTo(6);
        assertThat(window.add(rows[6], 1L, statistics(6, 1), EVAL, CONFIG)).isNull();
        assertThat(window.records()).isEqualTo(1);
        assertThat(window.resetGeneration()).isEqualTo(1);
        DriftWindow.Full full = null;
        for (int i = 0; i < 7; i++) {
            full = window.add(rows[i], 1L, statistics(6, 1), EVAL, CONFIG);
        }
        assertThat(full.statsVersion()).isEqualTo(6);
        assertThat(full.records()).isEqualTo(8);
    }

    @Test
    void aKeyWithoutStatisticsIsNotWatched() {
        DriftWindow window = DriftWindow.empty(2);
        for (double[] row : rows(5, 20)) {
            assertThat(window.add(row, 1L, KeyStatistics.initial(2, 0), EVAL, CONFIG))
                    .isNull();
        }
        assertThat(window.records()).isZero();

        ControlState withPrior = EVAL.withPrior(new Prior(new double[] {10, -1}, new double[] {4, 0.25}, 5));
        DriftWindow.Full full = null;
        for (double[] row : rows(5, 8)) {
            full = window.add(row, 1L, KeyStatistics.initial(2, 0), withPrior, CONFIG);
        }
        assertThat(full.statsVersion()).isZero();
    }

    @Test
    void aRestoredWindowGoesOnAsTheOriginal() {
        KeyStatistics stats = statistics(3, 2);
        double[][] rows = rows(6, 8);
        DriftWindow original = DriftWindow.empty(2);
        for (int i = 0; i < 5; i++) {
            original.add(rows[i], 10L + i, stats, EVAL, CONFIG);
        }
        DriftWindow restored = DriftWindow.restore(
                original.statsVersion(),
                original.resetGeneration(),
                original.records(),
                original.firstEventTime(),
                original.lastEventTime(),
                original.countVector(),
                original.meanVector(),
                original.m2Vector());
        DriftWindow.Full a = null;
        DriftWindow.Full b = null;
        for (int i = 5; i < 8; i++) {
            a = original.add(rows[i], 10L + i, stats, EVAL, CONFIG);
            b = restored.add(rows[i], 10L + i, stats, EVAL, CONFIG);
        }
        assertThat(b).isEqualTo(a);
        assertThat(b.firstEventTime()).isEqualTo(10L);
    }
}
