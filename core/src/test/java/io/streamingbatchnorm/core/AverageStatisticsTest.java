package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code --running average}: the plain average of the folded batches' means and variances. */
class AverageStatisticsTest {
    private static final double[][] B1 = {{1.0}, {3.0}}; // mean 2, biased variance 1, unbiased 2
    private static final double[][] B2 = {{2.0}, {6.0}}; // mean 4, biased variance 4, unbiased 8
    private static final double[][] B3 = {{0.0}, {0.0}, {6.0}}; // mean 2, biased variance 8, unbiased 12

    private static NormalizerConfig average(RunningVariance v) {
        return NormalizerConfig.builder()
                .running(Running.AVERAGE)
                .runningVariance(v)
                .build();
    }

    @Test
    void threeBatchesByHand() {
        KeyStatistics s = KeyStatistics.initial(1, 0);
        NormalizerConfig biased = average(RunningVariance.BIASED);
        s = s.train(B1, 0L, biased.initialControl(), biased).next();
        // The first batch replaces the initial 0 and 1, whatever the momentum.
        assertThat(s.running().mean(0)).isEqualTo(2.0);
        assertThat(s.running().variance(0)).isEqualTo(1.0);
        s = s.train(B2, 0L, biased.initialControl(), biased).next();
        s = s.train(B3, 0L, biased.initialControl(), biased).next();
        assertThat(s.running().mean(0)).isCloseTo((2 + 4 + 2) / 3.0, within(1e-12));
        assertThat(s.running().variance(0)).isCloseTo((1 + 4 + 8) / 3.0, within(1e-12));
        assertThat(s.count()).isEqualTo(7);

        NormalizerConfig unbiased = average(RunningVariance.UNBIASED);
        KeyStatistics u = KeyStatistics.initial(1, 0);
        for (double[][] b : new double[][][] {B1, B2, B3}) {
            u = u.train(b, 0L, unbiased.initialControl(), unbiased).next();
        }
        assertThat(u.running().variance(0)).isCloseTo((2 + 8 + 12) / 3.0, within(1e-12));
    }

    /**
     * Against a two-pass computation of each batch's moments, and against PyTorch's documented cumulative moving
     * average ({@code momentum=None}: factor {@code 1/num_batches_tracked}, unbiased running variance), per
     * feature, a feature skipped for having fewer than min-batch-size values not counting as a batch.
     */
    @Test
    void randomBatchesWithSkippedFeaturesMatchTwoPassAveragesAndPyTorch() {
        Random r = new Random(5);
        int d = 3;
        NormalizerConfig config = average(RunningVariance.UNBIASED);
        KeyStatistics s = KeyStatistics.initial(d, 0);
        List<List<double[]>> perFeature = new ArrayList<>(); // per feature: {mean, unbiased variance} per batch
        double[] torchMean = new double[d];
        double[] torchVar = {1, 1, 1};
        long[] tracked = new long[d];
        for (int j = 0; j < d; j++) {
            perFeature.add(new ArrayList<>());
        }
        for (int b = 0; b < 40; b++) {
            int n = 1 + r.nextInt(30);
            double[][] rows = new double[n][d];
            for (double[] row : rows) {
                for (int j = 0; j < d; j++) {
                    row[j] = r.nextInt(4) == 0 ? Double.NaN : 100 * j + r.nextGaussian() * (j + 1) + b;
                }
            }
            s = s.train(rows, 0L, config.initialControl(), config).next();
            for (int j = 0; j < d; j++) {
                double[] present = present(rows, j);
                if (present.length < config.minBatchSize()) {
                    continue;
                }
                double[] mv = twoPass(present);
                perFeature.get(j).add(mv);
                tracked[j]++;
                double factor = 1.0 / tracked[j];
                torchMean[j] = factor * mv[0] + (1 - factor) * torchMean[j];
                torchVar[j] = factor * mv[1] + (1 - factor) * torchVar[j];
            }
        }
        for (int j = 0; j < d; j++) {
            double meanOfMeans =
                    perFeature.get(j).stream().mapToDouble(m -> m[0]).average().orElseThrow();
            double meanOfVars =
                    perFeature.get(j).stream().mapToDouble(m -> m[1]).average().orElseThrow();
            assertThat(s.running().mean(j)).isCloseTo(meanOfMeans, within(1e-12 * Math.abs(meanOfMeans)));
            assertThat(s.running().variance(j)).isCloseTo(meanOfVars, within(1e-12 * meanOfVars));
            assertThat(s.running().mean(j)).isCloseTo(torchMean[j], within(1e-12 * Math.abs(meanOfMeans)));
            assertThat(s.running().variance(j)).isCloseTo(torchVar[j], within(1e-12 * meanOfVars));
            assertThat(s.running().weightSumVector()[j])
                    .isEqualTo(perFeature.get(j).size());
        }
    }

    private static double[] present(double[][] rows, int j) {
        return java.util.Arrays.stream(rows)
                .mapToDouble(row -> row[j])
                .filter(x -> !Double.isNaN(x))
                .toArray();
    }

    /** Mean and unbiased variance, two passes. */
    private static double[] twoPass(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return new double[] {mean, ss / (x.length - 1)};
    }
}
