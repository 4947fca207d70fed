package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A reused eval normalizer gives the bits of DESIGN 4.3's formula evaluated value by value. */
class EvalNormalizerTest {

    @Property(tries = 200, seed = "11")
    void reusedForManyRecordsMatchesTheFormulaBitForBit(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 32) int d, @ForAll boolean impute) {
        Random r = new Random(seed);
        double[] mean = new double[d];
        double[] variance = new double[d];
        double[] gamma = new double[d];
        double[] beta = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = r.nextGaussian() * 1e3;
            // Some constant features, which with epsilon 0 have a zero denominator.
            variance[j] = j % 5 == 0 ? 0.0 : Math.abs(r.nextGaussian()) * Math.pow(10, r.nextInt(12) - 6);
            gamma[j] = r.nextGaussian();
            beta[j] = r.nextGaussian();
        }
        double epsilon = r.nextBoolean() ? 0.0 : 1e-3;
        RunningStatistics running = RunningStatistics.of(mean, variance, new long[d], new double[d]);
        ControlState control = new ControlState(Mode.EVAL, gamma, beta, 0.99, epsilon, 0);
        MissingPolicy missing = impute ? MissingPolicy.IMPUTE : MissingPolicy.NAN;
        EvalNormalizer normalizer = EvalNormalizer.of(running, control, missing);

        for (int i = 0; i < 20; i++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = r.nextInt(10) == 0 ? Double.NaN : mean[j] + r.nextGaussian() * 1e2;
            }
            double[] y = normalizer.normalize(x);
            for (int j = 0; j < d; j++) {
                assertThat(Double.doubleToRawLongBits(y[j]))
                        .isEqualTo(Double.doubleToRawLongBits(
                                formula(x[j], mean[j], variance[j], gamma[j], beta[j], epsilon, impute)));
            }
        }
    }

    @Test
    void affineParametersDefaultToOneAndZero() {
        RunningStatistics running =
                RunningStatistics.of(new double[] {2.0}, new double[] {4.0}, new long[1], new double[1]);
        EvalNormalizer n = EvalNormalizer.of(running, ControlState.initial(Mode.EVAL, 0.99, 0.0), MissingPolicy.NAN);
        assertThat(n.dimension()).isEqualTo(1);
        assertThat(n.normalize(new double[] {6.0})).containsExactly(2.0);
    }

    /** DESIGN 4.3 written out per value, as the reference. */
    private static double formula(
            double x, double mean, double variance, double gamma, double beta, double epsilon, boolean impute) {
        if (Double.isNaN(x)) {
            return impute ? beta : Double.NaN;
        }
        double denominator = Math.sqrt(variance + epsilon);
        double scale = denominator == 0.0 ? 0.0 : gamma / denominator;
        return (x - mean) * scale + beta;
    }
}
