package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code decay} and {@code cumulative} depend on the values (and event times) folded in, not on their order, on how
 * they were split into batches, or on whether some arrived late and joined a later fold (seeded, so runs repeat).
 */
class FoldOrderPropertiesTest {
    private static final long T0 = 1_700_000_000_000L;

    private static NormalizerConfig config(Running running, RunningVariance variance, long halfLifeMillis) {
        return NormalizerConfig.builder()
                .running(running)
                .halfLife(running == Running.DECAY ? Duration.ofMillis(halfLifeMillis) : null)
                .runningVariance(variance)
                // A feature skipped for having one value in a batch would make the result depend on the batching.
                .minBatchSize(variance == RunningVariance.UNBIASED ? 2 : 1)
                .window(Duration.ofSeconds(10))
                .late(LatePolicy.FOLD)
                .build();
    }

    @Property(tries = 150, seed = "12")
    void anyOrderAndAnyBatchingGiveTheSameStatistics(
            @ForAll long seed,
            @ForAll @IntRange(min = 4, max = 300) int n,
            @ForAll @IntRange(min = 1, max = 100_000) int halfLife,
            @ForAll boolean unbiased,
            @ForAll boolean cumulative) {
        Random r = new Random(seed);
        int d = 3;
        List<double[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                // Missing values only where a feature may fold a single value (biased, min-batch-size 1).
                row[j] = !unbiased && r.nextInt(8) == 0 ? Double.NaN : 10 * j + r.nextGaussian() * (1 + j);
            }
            rows.add(row);
            times.add(T0 + r.nextInt(20 * halfLife)); // 20 half-lives: every weight matters
        }
        NormalizerConfig config = config(
                cumulative ? Running.CUMULATIVE : Running.DECAY,
                unbiased ? RunningVariance.UNBIASED : RunningVariance.BIASED,
                halfLife);
        RunningStatistics whole = fold(rows, times, List.of(n), false, config).running();

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, r);
        List<double[]> shuffledRows = new ArrayList<>();
        List<Long> shuffledTimes = new ArrayList<>();
        for (int i : order) {
            shuffledRows.add(rows.get(i));
            shuffledTimes.add(times.get(i));
        }
        List<Integer> sizes = new ArrayList<>();
        for (int left = n; left > 0; ) {
            int size = Math.min(left, 2 + r.nextInt(Math.max(1, n / 3)));
            if (left - size == 1) {
                size++;
            }
            sizes.add(size);
            left -= size;
        }
        KeyStatistics split = fold(shuffledRows, shuffledTimes, sizes, r.nextBoolean(), config);
        assertThat(split.count()).isEqualTo(n);
        for (int j = 0; j < d; j++) {
            double scale = Math.abs(whole.mean(j)) + Math.sqrt(whole.variance(j));
            assertThat(split.running().mean(j)).isCloseTo(whole.mean(j), within(1e-12 * scale));
            assertThat(split.running().variance(j)).isCloseTo(whole.variance(j), within(1e-12 * whole.variance(j)));
        }
    }

    /**
     * Folds the rows in batches of the given sizes; with {@code lateHalves}, the second half of each batch is passed
     * as late rows of the fold instead, as {@code --late fold} does.
     */
    private static KeyStatistics fold(
            List<double[]> rows, List<Long> times, List<Integer> sizes, boolean lateHalves, NormalizerConfig config) {
        KeyStatistics s = KeyStatistics.initial(rows.get(0).length, 0);
        int from = 0;
        for (int size : sizes) {
            int own = lateHalves ? Math.max(1, size / 2) : size;
            s = s.train(
                            rows.subList(from, from + own).toArray(new double[0][]),
                            longs(times.subList(from, from + own)),
                            rows.subList(from + own, from + size).toArray(new double[0][]),
                            longs(times.subList(from + own, from + size)),
                            config.initialControl(),
                            config)
                    .next();
            from += size;
        }
        return s;
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
