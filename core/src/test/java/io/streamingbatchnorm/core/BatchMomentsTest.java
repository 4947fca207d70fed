package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchMomentsTest {

    /** A batch without missing values takes a branch-free path; one missing value anywhere takes the other. */
    @Test
    void aMissingValueInOneFeatureChangesNoBitOfTheOthers() {
        Random r = new Random(99);
        int n = 37;
        double[][] clean = new double[n][3];
        for (double[] row : clean) {
            for (int j = 0; j < 3; j++) {
                row[j] = 1e6 * j + r.nextGaussian() * (j + 1);
            }
        }
        double[][] holed = new double[n][];
        for (int i = 0; i < n; i++) {
            holed[i] = clean[i].clone();
        }
        holed[5][1] = Double.NaN;
        BatchMoments a = BatchMoments.of(clean, 3);
        BatchMoments b = BatchMoments.of(holed, 3);
        NormalizerConfig config = NormalizerConfig.defaults();
        double[][] outA = KeyStatistics.initial(3, 0)
                .train(clean, 0L, config.initialControl(), config)
                .outputs();
        double[][] outB = KeyStatistics.initial(3, 0)
                .train(holed, 0L, config.initialControl(), config)
                .outputs();
        for (int j : new int[] {0, 2}) {
            assertThat(Double.doubleToRawLongBits(b.mean(j))).isEqualTo(Double.doubleToRawLongBits(a.mean(j)));
            assertThat(Double.doubleToRawLongBits(b.m2(j))).isEqualTo(Double.doubleToRawLongBits(a.m2(j)));
            for (int i = 0; i < n; i++) {
                assertThat(Double.doubleToRawLongBits(outB[i][j])).isEqualTo(Double.doubleToRawLongBits(outA[i][j]));
            }
        }
        assertThat(b.count(1)).isEqualTo(n - 1);
        assertThat(outB[5][1]).isNaN();
    }

    @Test
    void valuesNearOneBillionWithTinySpreadMatchExactArithmetic() {
        Random r = new Random(2024);
        int n = 1000;
        double[][] rows = new double[n][1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = 1e9 + r.nextDouble() * 1e-3;
        }
        BatchMoments m = BatchMoments.of(rows, 1);

        MathContext mc = MathContext.DECIMAL128;
        BigDecimal sum = BigDecimal.ZERO;
        for (double[] row : rows) {
            sum = sum.add(new BigDecimal(row[0]));
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(n), mc);
        BigDecimal ss = BigDecimal.ZERO;
        for (double[] row : rows) {
            BigDecimal dev = new BigDecimal(row[0]).subtract(mean);
            ss = ss.add(dev.multiply(dev));
        }
        double exactVar = ss.divide(BigDecimal.valueOf(n), mc).doubleValue();

        assertThat(m.mean(0)).isCloseTo(mean.doubleValue(), within(1e-9 * mean.doubleValue()));
        assertThat(m.variance(0)).isCloseTo(exactVar, within(1e-9 * exactVar));
    }

    @Test
    void missingValuesAreLeftOutPerFeature() {
        double[][] rows = {{1.0, Double.NaN}, {3.0, 4.0}, {Double.NaN, 8.0}};
        BatchMoments m = BatchMoments.of(rows, 2);
        assertThat(m.count(0)).isEqualTo(2);
        assertThat(m.count(1)).isEqualTo(2);
        assertThat(m.mean(0)).isEqualTo(2.0);
        assertThat(m.mean(1)).isEqualTo(6.0);
        assertThat(m.variance(0)).isEqualTo(1.0);
        assertThat(m.variance(1)).isEqualTo(4.0);
    }

    @Test
    void aFeatureWithNoValuesHasZeroCount() {
        BatchMoments m = BatchMoments.of(new double[][] {{Double.NaN}, {Double.NaN}}, 1);
        assertThat(m.count(0)).isZero();
        assertThat(m.variance(0)).isZero();
    }

    @Test
    void constantFeatureHasZeroVariance() {
        BatchMoments m = BatchMoments.of(new double[][] {{0.1}, {0.1}, {0.1}}, 1);
        assertThat(m.variance(0)).isZero();
    }
}
