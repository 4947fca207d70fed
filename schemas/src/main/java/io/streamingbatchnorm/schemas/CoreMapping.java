package io.streamingbatchnorm.schemas;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.DriftEvent;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.RunningStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the Avro records and the core's values, so that every engine feeds the core the
 * same numbers: a missing value (null) is NaN inside the core and null again on the way out.
 */
public final class CoreMapping {
    private CoreMapping() {}

    /** Avro values to a core vector; null becomes NaN (missing). */
    public static double[] toVector(List<Double> values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            Double x = values.get(i);
            v[i] = x == null ? Double.NaN : x;
        }
        return v;
    }

    /** A core vector to Avro values; NaN (missing) becomes null. */
    public static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double x : values) {
            out.add(x != x ? null : x);
        }
        return out;
    }

    /** A vector with no missing values (statistics, gamma, beta) as an Avro array. */
    public static List<Double> toDenseList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double x : values) {
            out.add(x);
        }
        return out;
    }

    public static double[] toDenseVector(List<Double> values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }

    public static Mode toAvro(io.streamingbatchnorm.core.Mode mode) {
        return mode == io.streamingbatchnorm.core.Mode.EVAL ? Mode.EVAL : Mode.TRAIN;
    }

    public static io.streamingbatchnorm.core.Mode toCore(Mode mode) {
        return mode == Mode.EVAL ? io.streamingbatchnorm.core.Mode.EVAL : io.streamingbatchnorm.core.Mode.TRAIN;
    }

    /** The running statistics a snapshot publishes, ready for eval-mode normalization. */
    public static RunningStatistics runningStatistics(StatsSnapshot s) {
        int d = s.getRunningMean().size();
        return RunningStatistics.of(
                toDenseVector(s.getRunningMean()), toDenseVector(s.getRunningVar()), new long[d], new double[d]);
    }

    /** The mode, gamma, beta, momentum and epsilon a snapshot publishes. */
    public static ControlState controlState(StatsSnapshot s) {
        return new ControlState(
                toCore(s.getMode()),
                toDenseVector(s.getGamma()),
                toDenseVector(s.getBeta()),
                s.getMomentum(),
                s.getEpsilon(),
                0);
    }

    /** A drift event for the wire: a feature that was not measured (NaN) is null. */
    public static DriftEvent toAvro(io.streamingbatchnorm.core.DriftEvent e) {
        List<Integer> crossed = new ArrayList<>(e.crossed().length);
        for (int j : e.crossed()) {
            crossed.add(j);
        }
        return DriftEvent.newBuilder()
                .setKey(e.key())
                .setMode(toAvro(e.mode()))
                .setStatsVersion(e.statsVersion())
                .setWindowSize(e.windowSize())
                .setFirstEventTime(Instant.ofEpochMilli(e.firstEventTime()))
                .setLastEventTime(Instant.ofEpochMilli(e.lastEventTime()))
                .setShift(toList(e.shift()))
                .setRatio(toList(e.ratio()))
                .setCrossed(crossed)
                .build();
    }

    /** A drift event as the core sees it: null (not measured) becomes NaN. */
    public static io.streamingbatchnorm.core.DriftEvent toCore(DriftEvent e) {
        int[] crossed = new int[e.getCrossed().size()];
        for (int i = 0; i < crossed.length; i++) {
            crossed[i] = e.getCrossed().get(i);
        }
        return new io.streamingbatchnorm.core.DriftEvent(
                e.getKey(),
                toCore(e.getMode()),
                e.getStatsVersion(),
                e.getWindowSize(),
                e.getFirstEventTime().toEpochMilli(),
                e.getLastEventTime().toEpochMilli(),
                toVector(e.getShift()),
                toVector(e.getRatio()),
                crossed);
    }

    /** A control command as the core sees it; {@code sequence} orders commands that arrive together. */
    public static Command toCommand(ControlCommand c, long sequence) {
        return new Command(
                c.getId(),
                c.getKey(),
                c.getCommand() == null
                        ? null
                        : io.streamingbatchnorm.core.CommandType.valueOf(
                                c.getCommand().name()),
                c.getEffectiveTime() == null ? null : c.getEffectiveTime().toEpochMilli(),
                c.getGamma() == null ? null : toDenseVector(c.getGamma()),
                c.getBeta() == null ? null : toDenseVector(c.getBeta()),
                c.getMomentum(),
                c.getEpsilon(),
                c.getPriorMean() == null ? null : toDenseVector(c.getPriorMean()),
                c.getPriorVariance() == null ? null : toDenseVector(c.getPriorVariance()),
                c.getPriorWeight(),
                c.getIssuer(),
                sequence);
    }

    public static ControlCommand toAvro(Command c) {
        return ControlCommand.newBuilder()
                .setId(c.id())
                .setKey(c.key())
                .setCommand(CommandType.valueOf(c.type().name()))
                .setEffectiveTime(c.effectiveTime() == null ? null : Instant.ofEpochMilli(c.effectiveTime()))
                .setGamma(c.gamma() == null ? null : toDenseList(c.gamma()))
                .setBeta(c.beta() == null ? null : toDenseList(c.beta()))
                .setMomentum(c.momentum())
                .setEpsilon(c.epsilon())
                .setIssuer(c.issuer())
                .setPriorMean(c.priorMean() == null ? null : toDenseList(c.priorMean()))
                .setPriorVariance(c.priorVariance() == null ? null : toDenseList(c.priorVariance()))
                .setPriorWeight(c.priorWeight())
                .build();
    }
}
