package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.KeyStatistics;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.ControlFields;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builders of the records the operator tests feed in, and a bit-exact text form of what comes out. */
public final class TestEvents {
    /** A fixed instant on a 10 s boundary, so tumbling windows start at {@code T0 + k * 10_000}. */
    public static final long T0 = 1_700_000_000_000L;

    private TestEvents() {}

    public static FeatureEvent feature(String key, long eventTime, String id, double... values) {
        return new FeatureEvent(key, eventTime, id, null, values, 0, 0);
    }

    public static StampedEvent stamped(FeatureEvent f, ControlState control) {
        return StampedEvent.record(f, ControlFields.of(control), false);
    }

    /** A record in the configuration's initial control state (TRAIN unless configured otherwise). */
    public static StampedEvent initial(FeatureEvent f, NormalizerConfig config) {
        return stamped(f, config.initialControl());
    }

    public static StampedEvent marker(String key, long time, ControlState control) {
        return StampedEvent.marker(key, time, ControlFields.of(control));
    }

    public static StoredCommand command(String id, String key, CommandType type, Long effectiveTime, long sequence) {
        StoredCommand c = new StoredCommand();
        c.id = id;
        c.key = key;
        c.type = type;
        c.effectiveTime = effectiveTime;
        c.issuer = "test";
        c.sequence = sequence;
        return c;
    }

    public static StoredCommand affine(
            String id, String key, Long effectiveTime, double[] gamma, double[] beta, long sequence) {
        StoredCommand c = command(id, key, CommandType.SET_AFFINE, effectiveTime, sequence);
        c.gamma = gamma;
        c.beta = beta;
        return c;
    }

    /** The rows of a batch, as the core takes them. */
    public static double[][] rows(FeatureEvent... batch) {
        double[][] rows = new double[batch.length][];
        for (int i = 0; i < batch.length; i++) {
            rows[i] = batch[i].values;
        }
        return rows;
    }

    /** What the core gives for a train batch, to compare the operator's outputs with bit for bit. */
    public static KeyStatistics.TrainResult train(
            KeyStatistics before, ControlState control, NormalizerConfig config, FeatureEvent... batch) {
        long maxTime = Arrays.stream(batch).mapToLong(f -> f.eventTime).max().orElseThrow();
        return before.train(rows(batch), maxTime, control, config);
    }

    /**
     * The outputs the operator must emit for a train batch, in batch order, as {@link #describe} text.
     */
    public static List<String> trainOutputs(KeyStatistics.TrainResult result, FeatureEvent... batch) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            out.add(describe(new NormalizedEvent(
                    batch[i], result.outputs()[i], Mode.TRAIN, result.next().version(), batch.length, false)));
        }
        return out;
    }

    /** The output the operator must emit for a record normalized at once with {@code stats}. */
    public static String immediateOutput(
            KeyStatistics stats, ControlState control, NormalizerConfig config, FeatureEvent f, boolean late) {
        double[] y = stats.eval(f.values, control, config);
        return describe(new NormalizedEvent(f, y, control.mode(), stats.version(), 1, late));
    }

    /**
     * Every field of an output; doubles in their shortest round-trip form, so equal text means equal bits
     * (and {@code -0.0} differs from {@code 0.0}).
     */
    public static String describe(NormalizedEvent e) {
        return e.key + " t=" + e.eventTime + " id=" + e.id + " " + e.mode + " v" + e.statsVersion + " n=" + e.batchSize
                + (e.late ? " late" : "") + " " + Arrays.toString(e.values);
    }

    public static String describe(StatsEvent s) {
        return s.key + " v" + s.version + " " + s.mode + " count=" + s.count + " mean=" + Arrays.toString(s.runningMean)
                + " var=" + Arrays.toString(s.runningVar) + " gamma=" + Arrays.toString(s.gamma) + " beta="
                + Arrays.toString(s.beta) + " momentum=" + s.momentum + " epsilon=" + s.epsilon + " t=" + s.eventTime;
    }

    /** The snapshot the operator must publish for these statistics and control state. */
    public static String snapshot(String key, KeyStatistics stats, ControlState control) {
        StatsEvent s = new StatsEvent();
        s.key = key;
        s.version = stats.version();
        s.mode = control.mode();
        s.count = stats.count();
        s.runningMean = stats.running().meanVector();
        s.runningVar = stats.running().varianceVector();
        s.gamma = control.gammaVector(stats.dimension());
        s.beta = control.betaVector(stats.dimension());
        s.momentum = control.momentum();
        s.epsilon = control.epsilon();
        s.eventTime = stats.lastEventTime() == KeyStatistics.NO_EVENT_TIME ? null : stats.lastEventTime();
        return describe(s);
    }
}
