package io.streamingbatchnorm.flink.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.testing.ReferenceBatchNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the operators must emit, worked out by the independent {@link ReferenceBatchNorm} (never by the core
 * under test), and the comparison of what they did emit with it: numbers within {@value #TOLERANCE} relative
 * (absolute below 1), everything else (ids, modes, versions, batch sizes, late flags, counts, parameters, event
 * times, RESET generations) exactly.
 */
public final class Expected {
    public static final double TOLERANCE = 1e-12;

    private Expected() {}

    /** One normalized record the operator must emit. */
    public record Output(
            String key,
            long eventTime,
            String id,
            Mode mode,
            long version,
            int batchSize,
            boolean late,
            double[] values) {
        String exactFields() {
            return key + " t=" + eventTime + " id=" + id + " " + mode + " v" + version + " n=" + batchSize
                    + (late ? " late" : "");
        }
    }

    /** One snapshot the operator must publish. */
    public record Snapshot(
            String key,
            long version,
            Mode mode,
            long count,
            double[] mean,
            double[] var,
            double[] gamma,
            double[] beta,
            double momentum,
            double epsilon,
            Long eventTime,
            int resetGeneration) {
        String exactFields() {
            return key + " v" + version + " " + mode + " count=" + count + " gamma=" + Arrays.toString(gamma)
                    + " beta=" + Arrays.toString(beta) + " momentum=" + momentum + " epsilon=" + epsilon + " t="
                    + eventTime + " reset_generation=" + resetGeneration;
        }
    }

    /**
     * The outputs of a train micro-batch, in batch order: normalized by {@code key}'s reference, which folds the
     * batch in, and stamped with the version after it.
     */
    public static List<Output> train(ReferenceBatchNorm key, FeatureEvent... batch) {
        long maxTime = Arrays.stream(batch).mapToLong(f -> f.eventTime).max().orElseThrow();
        double[][] y = key.train(TestEvents.rows(batch), maxTime);
        List<Output> out = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            FeatureEvent f = batch[i];
            out.add(new Output(f.key, f.eventTime, f.id, Mode.TRAIN, key.version(), batch.length, false, y[i]));
        }
        return out;
    }

    /** The output of a record normalized at once (eval mode, or late) with {@code key}'s running statistics. */
    public static Output immediate(ReferenceBatchNorm key, Mode mode, FeatureEvent f, boolean late) {
        return new Output(f.key, f.eventTime, f.id, mode, key.version(), 1, late, key.eval(f.values));
    }

    /** The snapshot of {@code stats} as they are now, in {@code mode}. */
    public static Snapshot snapshot(String key, ReferenceBatchNorm stats, Mode mode) {
        return new Snapshot(
                key,
                stats.version(),
                mode,
                stats.count(),
                stats.mean(),
                stats.var(),
                stats.gamma(),
                stats.beta(),
                stats.momentum(),
                stats.epsilon(),
                stats.lastEventTime(),
                stats.resets());
    }

    /** The outputs, in this order, are {@code expected}. */
    public static void assertOutputs(List<NormalizedEvent> actual, List<Output> expected) {
        assertThat(actual.stream().map(Expected::exactFields).toList())
                .containsExactlyElementsOf(
                        expected.stream().map(Output::exactFields).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertClose(actual.get(i).values, expected.get(i).values(), "values of " + actual.get(i).id);
        }
    }

    /** The snapshots, in this order, are {@code expected}. */
    public static void assertSnapshots(List<StatsEvent> actual, List<Snapshot> expected) {
        assertThat(actual.stream().map(Expected::exactFields).toList())
                .containsExactlyElementsOf(
                        expected.stream().map(Snapshot::exactFields).toList());
        for (int i = 0; i < expected.size(); i++) {
            String what = "snapshot " + i + " of " + actual.get(i).key;
            assertClose(actual.get(i).runningMean, expected.get(i).mean(), "running mean of " + what);
            assertClose(actual.get(i).runningVar, expected.get(i).var(), "running variance of " + what);
        }
    }

    /** Equal within {@link #TOLERANCE} relative, absolute below 1; NaN (a missing value) only where NaN is expected. */
    static void assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int j = 0; j < expected.length; j++) {
            if (Double.isNaN(expected[j])) {
                assertThat(actual[j]).as("%s [%d]", what, j).isNaN();
            } else {
                double bound = TOLERANCE * Math.max(1, Math.abs(expected[j]));
                assertThat(actual[j])
                        .as("%s [%d] of %s", what, j, Arrays.toString(actual))
                        .isCloseTo(expected[j], org.assertj.core.api.Assertions.within(bound));
            }
        }
    }

    private static String exactFields(NormalizedEvent e) {
        return new Output(e.key, e.eventTime, e.id, e.mode, e.statsVersion, e.batchSize, e.late, e.values)
                .exactFields();
    }

    private static String exactFields(StatsEvent s) {
        return new Snapshot(
                        s.key,
                        s.version,
                        s.mode,
                        s.count,
                        s.runningMean,
                        s.runningVar,
                        s.gamma,
                        s.beta,
                        s.momentum,
                        s.epsilon,
                        s.eventTime,
                        s.resetGeneration)
                .exactFields();
    }
}
