package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code --running decay} against exact decimal arithmetic with the weights {@code 2^(t/H)}. */
class DecayStatisticsTest {
    private static final MathContext MC = new MathContext(80);
    private static final long QUARTER = 1000; // a quarter of the half-life, in milliseconds
    private static final long T0 = 1_700_000_000_000L;

    private static NormalizerConfig decay(RunningVariance variance) {
        return NormalizerConfig.builder()
                .running(Running.DECAY)
                .halfLife(Duration.ofMillis(4 * QUARTER))
                .runningVariance(variance)
                .build();
    }

    /** One value and its event time, {@code T0} plus a whole number of quarter half-lives. */
    record Timed(double x, long quarters) {
        long time() {
            return T0 + quarters * QUARTER;
        }
    }

    @Test
    void valuesSpreadOverTenThousandHalfLivesMatchExactArithmetic() {
        Random r = new Random(7);
        List<Timed> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // Uniform over 10,000 half-lives, and a dense recent stretch where the weights are all far from 0.
            long q = i % 2 == 0 ? r.nextInt(40_001) : 40_000 - r.nextInt(200);
            values.add(new Timed(100 + 10 * r.nextGaussian(), q));
        }
        for (RunningVariance v : RunningVariance.values()) {
            NormalizerConfig config = decay(v);
            KeyStatistics s = foldInRandomBatches(values, config, new Random(11));
            BigDecimal[] exact = exactMeanAndVariance(values, v == RunningVariance.UNBIASED, null);
            assertRelative(s.running().mean(0), exact[0], 1e-12);
            assertRelative(s.running().variance(0), exact[1], 1e-12);
        }
    }

    @Test
    void weightsThatAllMatterMatchExactArithmeticInAnyOrder() {
        Random r = new Random(8);
        List<Timed> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            values.add(new Timed(1e3 + r.nextGaussian(), r.nextInt(160))); // 40 half-lives
        }
        NormalizerConfig config = decay(RunningVariance.UNBIASED);
        BigDecimal[] exact = exactMeanAndVariance(values, true, null);
        for (int seed = 0; seed < 5; seed++) {
            KeyStatistics s = foldInRandomBatches(values, config, new Random(seed));
            assertRelative(s.running().mean(0), exact[0], 1e-12);
            assertRelative(s.running().variance(0), exact[1], 1e-12);
        }
    }

    @Test
    void beforeTheFirstFoldTheStatisticsAreZeroAndOne() {
        NormalizerConfig config = decay(RunningVariance.BIASED);
        KeyStatistics s = KeyStatistics.initial(2, 0);
        assertThat(s.running().meanVector()).containsExactly(0.0, 0.0);
        assertThat(s.running().varianceVector()).containsExactly(1.0, 1.0);
        assertThat(s.running().landmark()).isEqualTo(RunningStatistics.NO_LANDMARK);
        KeyStatistics.TrainResult one =
                s.train(new double[][] {{1, 2}}, new long[] {T0}, config.initialControl(), config);
        assertThat(one.folded()).isFalse();
        assertThat(one.outputs()[0]).containsExactly(1 / Math.sqrt(1 + 1e-5), 2 / Math.sqrt(1 + 1e-5));
    }

    @Test
    void eventTimesAcrossYearsOneTo9999WithAOneMillisecondHalfLifeStayFinite() {
        NormalizerConfig config = NormalizerConfig.builder()
                .running(Running.DECAY)
                .halfLife(Duration.ofMillis(1))
                .build();
        KeyStatistics s = KeyStatistics.initial(1, 0);
        s = s.train(
                        new double[][] {{5}, {7}},
                        new long[] {RecordCheck.MAX_EVENT_TIME, RecordCheck.MAX_EVENT_TIME},
                        config.initialControl(),
                        config)
                .next();
        s = s.train(
                        new double[][] {{-1e100}, {1e100}},
                        new long[] {RecordCheck.MIN_EVENT_TIME, RecordCheck.MIN_EVENT_TIME},
                        config.initialControl(),
                        config)
                .next();
        assertThat(s.running().isFinite()).isTrue();
        assertThat(s.running().mean(0)).isEqualTo(6.0);
        assertThat(s.running().variance(0)).isEqualTo(1.0);
        assertThat(s.running().landmark()).isEqualTo(RecordCheck.MAX_EVENT_TIME);
        assertThat(s.running().countVector()).containsExactly(4L);

        // The other way round: the old values first, then the new ones move the landmark across 10,000 years.
        KeyStatistics t = KeyStatistics.initial(1, 0);
        t = t.train(
                        new double[][] {{-1e100}, {1e100}},
                        new long[] {RecordCheck.MIN_EVENT_TIME, RecordCheck.MIN_EVENT_TIME},
                        config.initialControl(),
                        config)
                .next();
        t = t.train(
                        new double[][] {{5}, {7}},
                        new long[] {RecordCheck.MAX_EVENT_TIME, RecordCheck.MAX_EVENT_TIME},
                        config.initialControl(),
                        config)
                .next();
        assertThat(t.running()).isEqualTo(s.running());
    }

    /** The engines keep the statistics as plain arrays and longs; folding on from the rebuilt value is the same. */
    @Test
    void statisticsRebuiltFromTheirPartsFoldOnToTheSameBits() {
        NormalizerConfig config = decay(RunningVariance.UNBIASED);
        Random r = new Random(3);
        KeyStatistics s = KeyStatistics.initial(2, 0);
        for (int b = 0; b < 3; b++) {
            s = s.train(rows(r, 8), times(r, 8), config.initialControl(), config)
                    .next();
        }
        RunningStatistics x = s.running();
        RunningStatistics rebuilt = RunningStatistics.of(
                x.meanVector(),
                x.varianceVector(),
                x.countVector(),
                x.m2Vector(),
                x.weightSumVector(),
                x.squaredWeightSumVector(),
                x.landmark());
        assertThat(rebuilt).isEqualTo(x);
        KeyStatistics copy = new KeyStatistics(2, rebuilt, s.version(), s.count(), s.lastEventTime(), 0);
        double[][] next = rows(r, 8);
        long[] nextTimes = times(r, 8);
        assertThat(copy.train(next, nextTimes, config.initialControl(), config).next())
                .isEqualTo(s.train(next, nextTimes, config.initialControl(), config)
                        .next());
    }

    /** A batch without missing values takes a branch-free path; one missing value anywhere takes the other. */
    @Test
    void aMissingValueInOneFeatureChangesNoBitOfTheOthers() {
        NormalizerConfig config = decay(RunningVariance.UNBIASED);
        Random r = new Random(12);
        double[][] clean = new double[40][3];
        for (double[] row : clean) {
            for (int j = 0; j < 3; j++) {
                row[j] = 1e6 * j + r.nextGaussian() * (j + 1);
            }
        }
        long[] t = times(r, 40);
        double[][] holed = new double[40][];
        for (int i = 0; i < 40; i++) {
            holed[i] = clean[i].clone();
        }
        holed[7][1] = Double.NaN;
        RunningStatistics a = KeyStatistics.initial(3, 0)
                .train(clean, t, config.initialControl(), config)
                .next()
                .running();
        RunningStatistics b = KeyStatistics.initial(3, 0)
                .train(holed, t, config.initialControl(), config)
                .next()
                .running();
        for (int j : new int[] {0, 2}) {
            assertThat(Double.doubleToRawLongBits(b.mean(j))).isEqualTo(Double.doubleToRawLongBits(a.mean(j)));
            assertThat(Double.doubleToRawLongBits(b.variance(j))).isEqualTo(Double.doubleToRawLongBits(a.variance(j)));
            assertThat(b.weightSumVector()[j]).isEqualTo(a.weightSumVector()[j]);
        }
        assertThat(b.countVector()).containsExactly(40L, 39L, 40L);
    }

    @Test
    void theBatchFormWithoutEventTimesIsRefusedForDecay() {
        NormalizerConfig config = decay(RunningVariance.BIASED);
        assertThatThrownBy(() -> KeyStatistics.initial(1, 0)
                        .train(new double[][] {{1}, {2}}, T0, config.initialControl(), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event time");
    }

    private static double[][] rows(Random r, int n) {
        double[][] rows = new double[n][2];
        for (double[] row : rows) {
            row[0] = r.nextGaussian();
            row[1] = r.nextInt(5) == 0 ? Double.NaN : 50 + r.nextGaussian() * 3;
        }
        return rows;
    }

    private static long[] times(Random r, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + r.nextInt(100) * QUARTER;
        }
        return t;
    }

    static KeyStatistics foldInRandomBatches(List<Timed> values, NormalizerConfig config, Random r) {
        List<Timed> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, r);
        KeyStatistics s = KeyStatistics.initial(1, 0);
        int from = 0;
        while (from < shuffled.size()) {
            int size = Math.min(shuffled.size() - from, 2 + r.nextInt(60));
            if (shuffled.size() - from - size == 1) {
                size++;
            }
            double[][] rows = new double[size][];
            long[] times = new long[size];
            for (int i = 0; i < size; i++) {
                Timed v = shuffled.get(from + i);
                rows[i] = new double[] {v.x()};
                times[i] = v.time();
            }
            s = s.train(rows, times, config.initialControl(), config).next();
            from += size;
        }
        assertThat(s.count()).isEqualTo(values.size());
        return s;
    }

    /**
     * The weighted mean and variance of {@code values}, each weighing {@code 2^(q/4)} relative to the newest,
     * computed in 80-digit decimals; {@code prior} (mean, variance, weight and its quarter) adds weight to V1 and
     * to the sum of squares but not to V2.
     */
    static BigDecimal[] exactMeanAndVariance(List<Timed> values, boolean unbiased, double[] prior) {
        long newest = values.stream().mapToLong(Timed::quarters).max().orElseThrow();
        BigDecimal v1 = BigDecimal.ZERO;
        BigDecimal v2 = BigDecimal.ZERO;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal[] w = new BigDecimal[values.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = pow2Quarters(values.get(i).quarters() - newest);
            v1 = v1.add(w[i], MC);
            v2 = v2.add(w[i].multiply(w[i], MC), MC);
            sum = sum.add(w[i].multiply(new BigDecimal(values.get(i).x()), MC), MC);
        }
        BigDecimal priorWeight = BigDecimal.ZERO;
        if (prior != null) {
            priorWeight = new BigDecimal(prior[2]).multiply(pow2Quarters((long) prior[3] - newest), MC);
            sum = sum.add(priorWeight.multiply(new BigDecimal(prior[0]), MC), MC);
        }
        BigDecimal total = v1.add(priorWeight, MC);
        BigDecimal mean = sum.divide(total, MC);
        BigDecimal m2 = BigDecimal.ZERO;
        for (int i = 0; i < w.length; i++) {
            BigDecimal dev = new BigDecimal(values.get(i).x()).subtract(mean, MC);
            m2 = m2.add(w[i].multiply(dev.multiply(dev, MC), MC), MC);
        }
        if (prior != null) {
            BigDecimal dev = new BigDecimal(prior[0]).subtract(mean, MC);
            m2 = m2.add(priorWeight.multiply(new BigDecimal(prior[1]).add(dev.multiply(dev, MC), MC), MC), MC);
        }
        BigDecimal denominator = unbiased ? total.subtract(v2.divide(total, MC), MC) : total;
        return new BigDecimal[] {mean, m2.divide(denominator, MC)};
    }

    /** {@code 2^(q/4)} for a whole number q of quarters, exact to 80 digits however small. */
    static BigDecimal pow2Quarters(long q) {
        long whole = Math.floorDiv(q, 4);
        int rest = (int) Math.floorMod(q, 4);
        BigDecimal fourthRoot = BigDecimal.valueOf(2).sqrt(MC).sqrt(MC);
        BigDecimal fraction = fourthRoot.pow(rest, MC);
        BigDecimal power = whole >= 0
                ? new BigDecimal(BigInteger.TWO.pow((int) whole))
                : new BigDecimal(BigInteger.valueOf(5).pow((int) -whole)).scaleByPowerOfTen((int) whole);
        return power.multiply(fraction, MC);
    }

    static void assertRelative(double actual, BigDecimal exact, double tolerance) {
        double e = exact.doubleValue();
        assertThat(actual).as("exact " + e).isCloseTo(e, within(tolerance * Math.abs(e)));
    }

    @Test
    void theDecimalReferenceItselfIsRight() {
        assertThat(pow2Quarters(4).doubleValue()).isEqualTo(2.0);
        assertThat(pow2Quarters(-8).doubleValue()).isEqualTo(0.25);
        assertThat(pow2Quarters(2).doubleValue()).isCloseTo(Math.sqrt(2), within(1e-15));
        List<Timed> equal = List.of(new Timed(1, 0), new Timed(3, 0));
        assertThat(exactMeanAndVariance(equal, false, null)[1].doubleValue()).isEqualTo(1.0);
        assertThat(exactMeanAndVariance(equal, true, null)[1].doubleValue()).isEqualTo(2.0);
        assertThat(Arrays.asList(exactMeanAndVariance(List.of(new Timed(0, 0), new Timed(3, 4)), false, null)))
                .extracting(BigDecimal::doubleValue)
                .containsExactly(2.0, 2.0);
    }
}
