package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@code --renorm}: Batch Renormalization in train mode (seeded properties, so runs repeat). */
class RenormalizationTest {
    private static final double[][] B1 = {{1.0}, {3.0}}; // mean 2, variance 1
    private static final double[][] B2 = {{0.0}, {8.0}}; // mean 4, variance 16
    private static final double[][] B3 = {{2.0}, {3.0}}; // mean 2.5, variance 0.25

    private static NormalizerConfig.Builder renorm(double rmax, double dmax, int warmup) {
        return NormalizerConfig.builder()
                .renorm(true)
                .renormRmax(rmax)
                .renormDmax(dmax)
                .renormWarmup(warmup);
    }

    /**
     * By hand, with epsilon 0, momentum 0.5, r_max 2, d_max 1, gamma 2 and beta 1. Running (mean, variance) before
     * each batch: (0, 1), (1, 1), (2.5, 8.5).
     *
     * <pre>
     * B1: s_B 1, s 1:         r = 1,             d = 2 -> 1 (clipped);    z = (x - 2) + 1       -> 0, 2
     * B2: s_B 4, s 1:         r = 4 -> 2 (clip),  d = 3 -> 1 (clipped);    z = (x - 4)/4*2 + 1   -> -1, 3
     * B3: s_B 0.5, s 2.9155:  r = 0.17 -> 0.5,    d = 0;                   z = (x - 2.5)/0.5*0.5 -> -0.5, 0.5
     * y = 2 z + 1
     * </pre>
     */
    @Test
    void threeBatchesByHand() {
        NormalizerConfig config = renorm(2, 1, 0).epsilon(0.0).momentum(0.5).build();
        ControlState control = config.initialControl().withAffine(new double[] {2}, new double[] {1});
        KeyStatistics s = KeyStatistics.initial(1, 0);

        KeyStatistics.TrainResult r1 = s.train(B1, 0L, control, config);
        assertOutputs(r1, 1, 5);
        assertClipped(r1.renormalization(), 1.0, 1.0, false, true);

        KeyStatistics.TrainResult r2 = r1.next().train(B2, 0L, control, config);
        assertOutputs(r2, -1, 7);
        assertClipped(r2.renormalization(), 2.0, 1.0, true, true);

        KeyStatistics.TrainResult r3 = r2.next().train(B3, 0L, control, config);
        assertThat(r2.next().running().mean(0)).isEqualTo(2.5);
        assertThat(r2.next().running().variance(0)).isEqualTo(8.5);
        assertOutputs(r3, 0, 2);
        assertClipped(r3.renormalization(), 0.5, 0.0, true, false);
    }

    /**
     * The same batches with a warm-up of 2: the first batch (k = 0) is plain batch norm, the second has r_max 1.5
     * and d_max 0.5, the third the full clips.
     *
     * <pre>
     * B1: z = x - 2                       -> -1, 1
     * B2: r 4 -> 1.5, d 3 -> 0.5: z = (x - 4)/4*1.5 + 0.5 -> -1, 2
     * </pre>
     */
    @Test
    void theWarmUpOpensTheClipsLinearly() {
        NormalizerConfig config = renorm(2, 1, 2).epsilon(0.0).momentum(0.5).build();
        ControlState control = config.initialControl().withAffine(new double[] {2}, new double[] {1});
        KeyStatistics.TrainResult r1 = KeyStatistics.initial(1, 0).train(B1, 0L, control, config);
        assertOutputs(r1, -1, 3);
        KeyStatistics.TrainResult r2 = r1.next().train(B2, 0L, control, config);
        assertOutputs(r2, -1, 5);
        assertClipped(r2.renormalization(), 1.5, 0.5, true, true);
        assertOutputs(r2.next().train(B3, 0L, control, config), 0, 2);
    }

    @Property(tries = 100, seed = "21")
    void withRmaxOneAndDmaxZeroTheOutputsAreThoseOfPlainTrainModeToTheBit(
            @ForAll long seed, @ForAll boolean impute, @ForAll @IntRange(min = 0, max = 3) int mode) {
        Running running = Running.values()[mode];
        NormalizerConfig.Builder base = NormalizerConfig.builder()
                .running(running)
                .halfLife(running == Running.DECAY ? java.time.Duration.ofSeconds(10) : null)
                .missing(impute ? MissingPolicy.IMPUTE : MissingPolicy.NAN);
        NormalizerConfig plain = base.build();
        NormalizerConfig renorm =
                base.renorm(true).renormRmax(1).renormDmax(0).renormWarmup(3).build();
        Random r = new Random(seed);
        int d = 1 + r.nextInt(6);
        ControlState control = plain.initialControl().withAffine(vector(r, d), vector(r, d));
        KeyStatistics a = KeyStatistics.initial(d, 0);
        KeyStatistics b = KeyStatistics.initial(d, 0);
        for (int batch = 0; batch < 6; batch++) {
            double[][] rows = rows(r, 1 + r.nextInt(20), d);
            long[] times = times(r, rows.length);
            KeyStatistics.TrainResult ra = a.train(rows, times, control, plain);
            KeyStatistics.TrainResult rb = b.train(rows, times, control, renorm);
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < d; j++) {
                    assertThat(Double.doubleToRawLongBits(rb.outputs()[i][j]))
                            .isEqualTo(Double.doubleToRawLongBits(ra.outputs()[i][j]));
                }
            }
            assertThat(rb.next().running()).isEqualTo(ra.next().running());
            a = ra.next();
            b = rb.next();
        }
    }

    @Property(tries = 100, seed = "22")
    void withUnboundedClipsATrainOutputIsTheEvalFormulaWithTheRunningStatistics(@ForAll long seed) {
        NormalizerConfig config = renorm(1e300, 1e300, 0).momentum(0.7).build();
        Random r = new Random(seed);
        int d = 1 + r.nextInt(6);
        ControlState control = config.initialControl().withAffine(vector(r, d), vector(r, d));
        KeyStatistics s = KeyStatistics.initial(d, 0);
        for (int batch = 0; batch < 5; batch++) {
            double[][] rows = rows(r, 2 + r.nextInt(20), d);
            KeyStatistics.TrainResult result = s.train(rows, 0L, control, config);
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < d; j++) {
                    double x = rows[i][j];
                    if (Double.isNaN(x) || present(rows, j) < 2) {
                        continue;
                    }
                    double eval = control.gamma(j)
                                    * (x - s.running().mean(j))
                                    / Math.sqrt(s.running().variance(j) + config.epsilon())
                            + control.beta(j);
                    assertThat(result.outputs()[i][j]).isCloseTo(eval, within(1e-12 * Math.max(1, Math.abs(eval))));
                    assertThat(result.renormalization().rClipped(j)).isFalse();
                    assertThat(result.renormalization().dClipped(j)).isFalse();
                }
            }
            s = result.next();
        }
    }

    @Test
    void aFeatureBelowMinBatchSizeIsNotCorrected() {
        NormalizerConfig config = renorm(2, 1, 0).build();
        KeyStatistics.TrainResult r = KeyStatistics.initial(2, 0)
                .train(new double[][] {{1, 5}, {3, Double.NaN}}, 0L, config.initialControl(), config);
        assertThat(r.renormalization().r(1)).isEqualTo(1.0);
        assertThat(r.renormalization().d(1)).isEqualTo(0.0);
        assertThat(r.renormalization().rClipped(1)).isFalse();
        assertThat(r.outputs()[0][1]).isEqualTo(5 / Math.sqrt(1 + 1e-5));
    }

    @Test
    void zeroDenominatorsTakeTheirLimits() {
        NormalizerConfig config = renorm(2, 1, 0).epsilon(0.0).build();
        RunningStatistics constant =
                RunningStatistics.of(new double[] {3, 3}, new double[] {0, 0}, new long[] {4, 4}, new double[2]);
        KeyStatistics s = new KeyStatistics(2, constant, 1, 4, 0, 0);
        KeyStatistics.TrainResult r = s.train(new double[][] {{3, 1}, {3, 2}}, 0L, config.initialControl(), config);
        Renormalization n = r.renormalization();
        assertThat(n.r(0)).isEqualTo(1.0); // 0 / 0
        assertThat(n.d(0)).isEqualTo(0.0);
        assertThat(n.r(1)).isEqualTo(2.0); // 0.5 / 0
        assertThat(n.d(1)).isEqualTo(-1.0); // -1.5 / 0
        // Feature 1: (x - 1.5) / 0.5 * 2 - 1.
        assertThat(r.outputs()[0]).containsExactly(0.0, -3.0);
        assertThat(r.outputs()[1]).containsExactly(0.0, 1.0);
    }

    private static void assertOutputs(KeyStatistics.TrainResult r, double first, double second) {
        assertThat(r.outputs()[0][0]).isCloseTo(first, within(1e-12));
        assertThat(r.outputs()[1][0]).isCloseTo(second, within(1e-12));
    }

    private static void assertClipped(Renormalization n, double r, double d, boolean rClipped, boolean dClipped) {
        assertThat(n.r(0)).isCloseTo(r, within(1e-12));
        assertThat(n.d(0)).isCloseTo(d, within(1e-12));
        assertThat(n.rClipped(0)).isEqualTo(rClipped);
        assertThat(n.dClipped(0)).isEqualTo(dClipped);
    }

    private static int present(double[][] rows, int j) {
        int n = 0;
        for (double[] row : rows) {
            n += Double.isNaN(row[j]) ? 0 : 1;
        }
        return n;
    }

    private static double[] vector(Random r, int d) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = r.nextGaussian() * 2;
        }
        return v;
    }

    private static double[][] rows(Random r, int n, int d) {
        double[][] rows = new double[n][d];
        double drift = r.nextGaussian() * 3;
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextInt(6) == 0 ? Double.NaN : drift + 5 * j + r.nextGaussian() * (1 + r.nextInt(3));
            }
        }
        return rows;
    }

    private static long[] times(Random r, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000L + r.nextInt(60_000);
        }
        return t;
    }
}
