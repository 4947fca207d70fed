package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.avro.CommandType;
import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A control command of a replay: {@code Command.eval("*").at(t)}. Without {@link #at} it applies from when the
 * job processes it, which in a replay is before the first record. Without {@link #id} it gets {@code c1},
 * {@code c2}... in the order it was given.
 */
public final class Command {
    private final ControlCommand.Builder command;

    private Command(String key, CommandType type) {
        this.command = ControlCommand.newBuilder().setKey(key).setCommand(type).setId("");
    }

    public static Command train(String key) {
        return new Command(key, CommandType.TRAIN);
    }

    public static Command eval(String key) {
        return new Command(key, CommandType.EVAL);
    }

    public static Command reset(String key) {
        return new Command(key, CommandType.RESET);
    }

    public static Command setAffine(String key, double[] gamma, double[] beta) {
        Command c = new Command(key, CommandType.SET_AFFINE);
        c.command.setGamma(list(gamma)).setBeta(list(beta));
        return c;
    }

    /** Sets momentum and epsilon; a null leaves that parameter as it is. */
    public static Command setParams(String key, Double momentum, Double epsilon) {
        Command c = new Command(key, CommandType.SET_PARAMS);
        c.command.setMomentum(momentum).setEpsilon(epsilon);
        return c;
    }

    /** Applies to records with an event time at or after {@code eventTimeMillis}. */
    public Command at(long eventTimeMillis) {
        command.setEffectiveTime(Instant.ofEpochMilli(eventTimeMillis));
        return this;
    }

    public Command id(String id) {
        command.setId(id);
        return this;
    }

    public Command issuer(String issuer) {
        command.setIssuer(issuer);
        return this;
    }

    /** The control-file line, with {@code defaultId} if no id was given. */
    String line(String defaultId) {
        ControlCommand c = command.build();
        if (c.getId().isEmpty()) {
            c.setId(defaultId);
        }
        return JsonLines.writeControlCommand(c);
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
