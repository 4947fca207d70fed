package io.streamingbatchnorm.flink.window;

import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.ControlFields;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.NormalizedEvent;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.Arrays;

/**
 * Builders of the records the operator tests feed in, and a bit-exact text form of what comes out; {@link Expected}
 * says what must come out.
 */
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
                + Arrays.toString(s.beta) + " momentum=" + s.momentum + " epsilon=" + s.epsilon + " t=" + s.eventTime
                + " reset_generation=" + s.resetGeneration;
    }
}
