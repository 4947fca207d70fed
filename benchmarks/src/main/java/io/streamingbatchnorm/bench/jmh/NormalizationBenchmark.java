package io.streamingbatchnorm.bench.jmh;

import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.core.BatchMoments;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.NormalizerConfig;
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
 * normalization must do, since it returns new rows too.
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
    private double[] mean;
    private double[] scale;

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
        mean = s.running().meanVector();
        scale = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            scale[j] = eval.gamma(j) / Math.sqrt(s.running().variance(j) + eval.epsilon());
        }
    }

    @Benchmark
    public KeyStatistics.TrainResult trainBatch() {
        return statistics.train(rows, maxEventTime, train, config);
    }

    @Benchmark
    public double[][] evalBatch() {
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

    /**
     * Reference, not the core's code: eval mode's arithmetic with {@code gamma / sqrt(var + epsilon)} computed
     * once per feature instead of once per feature and record. Shows what the per-record square root and
     * division cost.
     */
    @Benchmark
    public double[][] evalScaleHoisted() {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] x = rows[i];
            double[] y = new double[dimension];
            for (int j = 0; j < dimension; j++) {
                double v = x[j];
                y[j] = v != v ? Double.NaN : (v - mean[j]) * scale[j] + eval.beta(j);
            }
            out[i] = y;
        }
        return out;
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
