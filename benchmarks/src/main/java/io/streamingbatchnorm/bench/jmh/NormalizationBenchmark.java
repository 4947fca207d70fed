package io.streamingbatchnorm.bench.jmh;

import io.streamingbatchnorm.bench.harness.FeatureData;
import io.streamingbatchnorm.core.BatchMoments;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.EvalNormalizer;
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
    }

    @Benchmark
    public KeyStatistics.TrainResult trainBatch() {
        return statistics.train(rows, maxEventTime, train, config);
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
