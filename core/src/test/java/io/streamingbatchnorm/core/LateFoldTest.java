package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code --late fold}: late values join the next fold without taking part in that batch's normalization. */
class LateFoldTest {
    private static final long T0 = 1_700_000_000_000L;

    private static NormalizerConfig config(Running running) {
        return NormalizerConfig.builder()
                .running(running)
                .halfLife(running == Running.DECAY ? Duration.ofSeconds(30) : null)
                .window(Duration.ofSeconds(10))
                .late(LatePolicy.FOLD)
                .build();
    }

    @Test
    void lateRowsAreFoldedButDoNotChangeTheBatchsOutputs() {
        Random r = new Random(1);
        double[][] rows = rows(r, 12);
        long[] times = times(r, 12, 60_000);
        double[][] late = rows(r, 5);
        long[] lateTimes = times(r, 5, 20_000);
        for (Running running : new Running[] {Running.CUMULATIVE, Running.DECAY}) {
            NormalizerConfig config = config(running);
            ControlState control = config.initialControl();
            KeyStatistics start = KeyStatistics.initial(2, 0)
                    .train(rows(r, 6), times(r, 6, 10_000), control, config)
                    .next();
            KeyStatistics.TrainResult alone = start.train(rows, times, control, config);
            KeyStatistics.TrainResult withLate = start.train(rows, times, late, lateTimes, control, config);
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < 2; j++) {
                    assertThat(Double.doubleToRawLongBits(withLate.outputs()[i][j]))
                            .isEqualTo(Double.doubleToRawLongBits(alone.outputs()[i][j]));
                }
            }
            assertThat(withLate.outputs().length).isEqualTo(rows.length);
            // The fold is that of the batch and the late rows together.
            KeyStatistics together = start.train(concat(rows, late), concat(times, lateTimes), control, config)
                    .next();
            KeyStatistics next = withLate.next();
            for (int j = 0; j < 2; j++) {
                assertThat(next.running().mean(j)).isCloseTo(together.running().mean(j), within(1e-12));
                assertThat(next.running().variance(j))
                        .isCloseTo(
                                together.running().variance(j),
                                within(1e-12 * together.running().variance(j)));
            }
            assertThat(next.version()).isEqualTo(start.version() + 1);
            assertThat(next.count()).isEqualTo(start.count() + 17);
            assertThat(next.lastEventTime()).isEqualTo(together.lastEventTime());
        }
    }

    @Test
    void pendingLateRowsCanBeFoldedOnTheirOwn() {
        NormalizerConfig config = config(Running.CUMULATIVE);
        KeyStatistics.TrainResult r = KeyStatistics.initial(1, 0)
                .train(
                        new double[0][],
                        new long[0],
                        new double[][] {{1}, {3}},
                        new long[] {T0, T0},
                        config.initialControl(),
                        config);
        assertThat(r.outputs().length).isZero();
        assertThat(r.folded()).isTrue();
        assertThat(r.next().running().mean(0)).isEqualTo(2.0);
    }

    @Test
    void lateRowsNeedLateFoldAndMatchingLengths() {
        NormalizerConfig normalize =
                NormalizerConfig.builder().running(Running.CUMULATIVE).build();
        double[][] one = {{1}};
        long[] t = {T0};
        assertThatThrownBy(
                        () -> KeyStatistics.initial(1, 0).train(one, t, one, t, normalize.initialControl(), normalize))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--late fold");
        NormalizerConfig fold = config(Running.CUMULATIVE);
        assertThatThrownBy(() -> KeyStatistics.initial(1, 0).train(one, new long[2], fold.initialControl(), fold))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
    }

    private static double[][] rows(Random r, int n) {
        double[][] rows = new double[n][2];
        for (double[] row : rows) {
            row[0] = r.nextGaussian();
            row[1] = r.nextInt(6) == 0 ? Double.NaN : 3 + 2 * r.nextGaussian();
        }
        return rows;
    }

    private static long[] times(Random r, int n, int spread) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + r.nextInt(spread);
        }
        return t;
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
