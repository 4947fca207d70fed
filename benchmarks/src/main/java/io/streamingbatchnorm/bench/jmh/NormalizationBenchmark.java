package io.streamingbatchnorm.bench.jmh;

import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.core.BatchMoments;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.EvalNormalizer;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.Running;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One micro-batch through the core, in train mode (batch statistics, normalize, fold into the running
 * statistics) and in eval mode (each row with the frozen running statistics, as the job does record by
 * record), against copying the same values into fresh rows with {@code System.arraycopy}: the least any
 * normalization must do, since it returns new rows too. The {@code train*} benchmarks run the same batch through
 * train mode under each running mode (and Batch Renormalization), each on statistics that have folded in a few
 * batches, so their times compare the folds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NormalizationBenchmark {
    @Param({"32", "256"})
    public int batch;

    @Param({"16", "128"})
    public int dimension;

    private double[][] rows;
    private long maxEventTime;
    private KeyStatistics statistics;
    private ControlState train;
    private ControlState eval;
    private NormalizerConfig config;
    private long[] eventTimes;
    private Trained ema;
    private Trained cumulative;
    private Trained average;
    private Trained decay;
    private Trained renorm;

    /** A key's statistics after a few batches under {@code config}, and that configuration. */
    private record Trained(KeyStatistics statistics, NormalizerConfig config) {
        static Trained warm(NormalizerConfig config, FeatureData data, int batch) {
            KeyStatistics s = KeyStatistics.initial(data.dimension(), 0);
            for (int i = 0; i < 5; i++) {
                long[] times = new long[batch];
                for (int r = 0; r < batch; r++) {
                    times[r] = FeatureData.T0 + (long) i * batch + r;
                }
                s = s.train(data.batch(batch), times, config.initialControl(), config)
                        .next();
            }
            return new Trained(s, config);
        }

        KeyStatistics.TrainResult train(double[][] rows, long[] eventTimes) {
            return statistics.train(rows, eventTimes, config.initialControl(), config);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        FeatureData data = new FeatureData(42, dimension);
        rows = data.batch(batch);
        maxEventTime = FeatureData.T0 + batch;
        config = NormalizerConfig.defaults();
        // Statistics that have folded in a few batches, so eval mode does not run on the initial 0 and 1.
        KeyStatistics s = KeyStatistics.initial(dimension, 0);
        train = config.initialControl();
        for (int i = 0; i < 5; i++) {
            s = s.train(data.batch(batch), FeatureData.T0 + i, train, config).next();
        }
        statistics = s;
        eval = ControlState.initial(io.streamingbatchnorm.core.Mode.EVAL, config.momentum(), config.epsilon());

        eventTimes = new long[batch];
        for (int r = 0; r < batch; r++) {
            eventTimes[r] = FeatureData.T0 + 5L * batch + r;
        }
        ema = Trained.warm(NormalizerConfig.defaults(), new FeatureData(43, dimension), batch);
        cumulative = Trained.warm(running(Running.CUMULATIVE).build(), new FeatureData(43, dimension), batch);
        average = Trained.warm(running(Running.AVERAGE).build(), new FeatureData(43, dimension), batch);
        decay = Trained.warm(
                running(Running.DECAY).halfLife(Duration.ofMinutes(1)).build(), new FeatureData(43, dimension), batch);
        renorm = Trained.warm(NormalizerConfig.builder().renorm(true).build(), new FeatureData(43, dimension), batch);
    }

    private static NormalizerConfig.Builder running(Running mode) {
        return NormalizerConfig.builder().running(mode);
    }

    @Benchmark
    public KeyStatistics.TrainResult trainBatch() {
        return statistics.train(rows, maxEventTime, train, config);
    }

    /** Train mode with {@code --running ema}: the baseline of the other {@code train*} benchmarks. */
    @Benchmark
    public KeyStatistics.TrainResult trainEma() {
        return ema.train(rows, eventTimes);
    }

    @Benchmark
    public KeyStatistics.TrainResult trainCumulative() {
        return cumulative.train(rows, eventTimes);
    }

    @Benchmark
    public KeyStatistics.TrainResult trainAverage() {
        return average.train(rows, eventTimes);
    }

    /** A weight {@code 2^((t - landmark)/H)} per row and weighted moments, besides the batch's own moments. */
    @Benchmark
    public KeyStatistics.TrainResult trainDecay() {
        return decay.train(rows, eventTimes);
    }

    /** {@code --running ema} with Batch Renormalization: r and d per feature, folded into the scale and shift. */
    @Benchmark
    public KeyStatistics.TrainResult trainRenorm() {
        return renorm.train(rows, eventTimes);
    }

    /**
     * Eval mode as the engines run it while a key's statistics stay frozen: one normalizer for the key,
     * reused for every record.
     */
    @Benchmark
    public double[][] evalBatch() {
        EvalNormalizer normalizer = statistics.evalNormalizer(eval, config);
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = normalizer.normalize(rows[i]);
        }
        return out;
    }

    /**
     * Eval mode with nothing reused between records, as with a state backend that hands out a fresh copy of
     * the key's state per record: a square root and a division per value on top of {@link #evalBatch}.
     */
    @Benchmark
    public double[][] evalRecordByRecord() {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = statistics.eval(rows[i], eval, config);
        }
        return out;
    }

    /** The first two of train mode's three passes over the batch: the moments alone. */
    @Benchmark
    public BatchMoments batchMoments() {
        return BatchMoments.of(rows, dimension);
    }

    @Benchmark
    public double[][] copyBatch() {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] y = new double[dimension];
            System.arraycopy(rows[i], 0, y, 0, dimension);
            out[i] = y;
        }
        return out;
    }
}
