package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties of train-mode normalization that hold for any batch (seeded, so runs repeat). */
class TrainNormalizationPropertiesTest {

    private static double[][] randomBatch(long seed, int n, int d) {
        Random r = new Random(seed);
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = (r.nextGaussian() * (1 + j * 3)) + 10 * j - 5;
            }
        }
        return rows;
    }

    @Property(tries = 200, seed = "42")
    void normalizedBatchHasMeanBetaAndScaledVariance(
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 64) int n,
            @ForAll @IntRange(min = 1, max = 8) int d,
            @ForAll @DoubleRange(min = 0.1, max = 3.0) double gamma,
            @ForAll @DoubleRange(min = -2.0, max = 2.0) double beta) {
        double[][] rows = randomBatch(seed, n, d);
        double[] g = new double[d];
        double[] b = new double[d];
        java.util.Arrays.fill(g, gamma);
        java.util.Arrays.fill(b, beta);
        NormalizerConfig config = NormalizerConfig.defaults();
        ControlState control = config.initialControl().withAffine(g, b);
        KeyStatistics.TrainResult result = KeyStatistics.initial(d, 0).train(rows, 0L, control, config);
        BatchMoments in = BatchMoments.of(rows, d);
        BatchMoments out = BatchMoments.of(result.outputs(), d);
        for (int j = 0; j < d; j++) {
            double var = in.variance(j);
            double expectedVar = gamma * gamma * var / (var + config.epsilon());
            assertThat(out.mean(j)).isCloseTo(beta, within(1e-12));
            assertThat(out.variance(j)).isCloseTo(expectedVar, within(1e-12 * Math.max(1.0, expectedVar)));
        }
    }

    @Property(tries = 100, seed = "7")
    void permutingABatchPermutesItsOutputs(@ForAll long seed, @ForAll @IntRange(min = 2, max = 40) int n) {
        int d = 4;
        double[][] rows = randomBatch(seed, n, d);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed ^ 0x5DEECE66DL));
        double[][] permuted = new double[n][];
        for (int i = 0; i < n; i++) {
            permuted[i] = rows[order.get(i)];
        }
        NormalizerConfig config = NormalizerConfig.defaults();
        ControlState control = config.initialControl();
        double[][] a =
                KeyStatistics.initial(d, 0).train(rows, 0L, control, config).outputs();
        double[][] b =
                KeyStatistics.initial(d, 0).train(permuted, 0L, control, config).outputs();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                assertThat(b[i][j]).isCloseTo(a[order.get(i)][j], within(1e-12));
            }
        }
    }

    @Property(tries = 100, seed = "11")
    void cumulativeStatisticsDoNotDependOnHowValuesAreSplitIntoBatches(
            @ForAll long seed,
            @ForAll @IntRange(min = 4, max = 200) int n,
            @ForAll @IntRange(min = 2, max = 6) int pieces) {
        int d = 3;
        double[][] rows = randomBatch(seed, n, d);
        NormalizerConfig config =
                NormalizerConfig.builder().running(Running.CUMULATIVE).build();
        ControlState control = config.initialControl();
        KeyStatistics whole =
                KeyStatistics.initial(d, 0).train(rows, 0L, control, config).next();
        KeyStatistics split = KeyStatistics.initial(d, 0);
        Random r = new Random(seed);
        int from = 0;
        while (from < n) {
            int size = Math.min(n - from, 2 + r.nextInt(Math.max(1, n / pieces)));
            if (n - from - size == 1) {
                size++;
            }
            double[][] part = java.util.Arrays.copyOfRange(rows, from, from + size);
            split = split.train(part, 0L, control, config).next();
            from += size;
        }
        for (int j = 0; j < d; j++) {
            assertThat(split.running().mean(j)).isCloseTo(whole.running().mean(j), within(1e-12));
            assertThat(split.running().variance(j))
                    .isCloseTo(
                            whole.running().variance(j),
                            within(1e-12 * whole.running().variance(j)));
        }
        assertThat(split.count()).isEqualTo(whole.count()).isEqualTo(n);
    }
}
