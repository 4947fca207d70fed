package io.streamingbatchnorm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever arrives, a key's statistics and every emitted value stay finite, in every running mode (seeded, so runs
 * repeat). Records and commands pass the checks the engines apply first ({@link RecordCheck}, {@link
 * CommandCheck}); what they refuse is dropped, as the engines send it to the dead letters.
 */
class FiniteStatisticsPropertiesTest {
    private static final long[] HALF_LIVES = {1, 1000, 3_600_000, 31_536_000_000L};

    @Property(tries = 400, seed = "1111")
    void statisticsAndEmittedValuesStayFinite(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3) int mode,
            @ForAll boolean unbiased,
            @ForAll boolean firstBatch,
            @ForAll boolean withPrior,
            @ForAll boolean impute,
            @ForAll boolean renorm) {
        Random r = new Random(seed);
        Running running = Running.values()[mode];
        boolean lateFold = running == Running.CUMULATIVE || running == Running.DECAY;
        NormalizerConfig config = NormalizerConfig.builder()
                .running(running)
                .halfLife(running == Running.DECAY ? Duration.ofMillis(HALF_LIVES[r.nextInt(4)]) : null)
                .runningVariance(unbiased ? RunningVariance.UNBIASED : RunningVariance.BIASED)
                .init(firstBatch ? InitPolicy.FIRST_BATCH : InitPolicy.ZEROS)
                .missing(impute ? MissingPolicy.IMPUTE : MissingPolicy.NAN)
                .momentum(r.nextDouble() * 0.999)
                .renorm(renorm)
                .renormRmax(renorm ? 1 + r.nextDouble() * 10 : 3)
                .renormDmax(renorm ? r.nextDouble() * 10 : 5)
                .window(lateFold ? Duration.ofSeconds(10) : null)
                .late(lateFold ? LatePolicy.FOLD : LatePolicy.NORMALIZE)
                .build();
        int d = 1 + r.nextInt(4);
        ControlState control = accepted(affine(r, d), config.initialControl(), config);
        if (withPrior) {
            control = accepted(prior(r, d), control, config);
        }
        KeyStatistics key = KeyStatistics.initial(d, 0);
        for (int batch = 0; batch < 8; batch++) {
            Batch b = batch(r, d, config);
            Batch late = lateFold && r.nextBoolean() ? batch(r, d, config) : new Batch(new double[0][], new long[0]);
            KeyStatistics.TrainResult result = key.train(b.rows, b.times, late.rows, late.times, control, config);
            assertThat(result.batchRejection())
                    .as("a batch of checked values is never refused")
                    .isNull();
            assertThat(result.next().running().isFinite()).isTrue();
            for (int i = 0; i < b.rows.length; i++) {
                // Epsilon 1e-5 and gamma within the bound: no output can overflow (NormalizerOptions.MAX_ABS_VALUE).
                assertThat(result.rejection(i)).isNull();
                assertEmittable(b.rows[i], result.outputs()[i], config);
            }
            key = result.next();
            for (double[] x : batch(r, d, config).rows) {
                double[] y = key.eval(x, control, config);
                assertThat(OutputCheck.validate(x, y)).isNull();
                assertEmittable(x, y, config);
            }
        }
        for (int j = 0; j < d; j++) {
            assertThat(key.running().variance(j)).isGreaterThanOrEqualTo(0.0);
        }
    }

    private static void assertEmittable(double[] x, double[] y, NormalizerConfig config) {
        for (int j = 0; j < y.length; j++) {
            if (Double.isNaN(x[j]) && config.missing() == MissingPolicy.NAN) {
                assertThat(y[j]).isNaN();
            } else {
                assertThat(y[j]).isFinite();
            }
        }
    }

    record Batch(double[][] rows, long[] times) {}

    /** Up to 20 candidate records, of which those {@link RecordCheck} accepts. */
    private static Batch batch(Random r, int d, NormalizerConfig config) {
        List<double[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        int n = r.nextInt(21);
        double base = value(r, config.maxAbsValue());
        for (int i = 0; i < n; i++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = r.nextInt(4) == 0 ? base + r.nextInt(3) * 1e-300 : value(r, config.maxAbsValue());
            }
            long t = r.nextInt(5) == 0
                    ? RecordCheck.MIN_EVENT_TIME
                            + (long) (r.nextDouble() * (RecordCheck.MAX_EVENT_TIME - RecordCheck.MIN_EVENT_TIME))
                    : 1_700_000_000_000L + r.nextInt(1_000_000);
            if (RecordCheck.validate("k", t, x, config) == null) {
                rows.add(x);
                times.add(t);
            }
        }
        return new Batch(
                rows.toArray(new double[0][]),
                times.stream().mapToLong(Long::longValue).toArray());
    }

    /** Ordinary values, the bound itself, values beyond it up to Double.MAX_VALUE, subnormals, and missing values. */
    private static double value(Random r, double bound) {
        double sign = r.nextBoolean() ? 1 : -1;
        return switch (r.nextInt(10)) {
            case 0 -> sign * bound;
            case 1 -> sign * Double.MAX_VALUE;
            case 2 -> sign * bound * (1 + r.nextDouble()) * Math.pow(10, r.nextInt(200));
            case 3 -> sign * Double.MIN_VALUE * r.nextInt(1000);
            case 4 -> Double.NaN;
            case 5 -> sign * bound * r.nextDouble();
            case 6 -> sign * Double.POSITIVE_INFINITY;
            case 7 -> 1e-290 + r.nextInt(5) * 1e-300;
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        };
    }

    private static Command affine(Random r, int d) {
        double[] gamma = new double[d];
        double[] beta = new double[d];
        for (int j = 0; j < d; j++) {
            gamma[j] = r.nextBoolean() ? r.nextGaussian() : (r.nextBoolean() ? 1 : -1) * 1e100 * r.nextDouble();
            beta[j] = r.nextBoolean() ? r.nextGaussian() : (r.nextBoolean() ? 1 : -1) * 1e100 * r.nextDouble();
        }
        return new Command("a", "k", CommandType.SET_AFFINE, null, gamma, beta, null, null, null, 0);
    }

    private static Command prior(Random r, int d) {
        double[] mean = new double[d];
        double[] variance = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = value(r, 1e100);
            variance[j] = r.nextBoolean() ? 1e200 * r.nextDouble() : Math.abs(value(r, 1e100));
        }
        double weight = r.nextBoolean() ? r.nextInt(10) : 1e18 * r.nextDouble() * (r.nextBoolean() ? 1 : 3);
        return Command.setPrior("p", "k", null, mean, variance, weight, null, 1);
    }

    /** {@code state} with {@code c} applied if {@link CommandCheck} accepts it. */
    private static ControlState accepted(Command c, ControlState state, NormalizerConfig config) {
        if (CommandCheck.validate(c, config) != null) {
            return state;
        }
        return c.type() == CommandType.SET_PRIOR
                ? state.withPrior(new Prior(c.priorMean(), c.priorVariance(), c.priorWeight()))
                : state.withAffine(c.gamma(), c.beta());
    }
}
