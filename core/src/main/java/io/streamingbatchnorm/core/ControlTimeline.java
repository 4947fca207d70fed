package io.streamingbatchnorm.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The control state of one key as a function of event time (DESIGN 4.6).
 *
 * <p>Commands are applied in order of effective time, ties (and commands without an effective time,
 * which come first) in arrival order. A record with event time t gets the state after every command
 * whose effective time is at most t, so the outcome depends only on the set of commands, not on when a
 * record happens to be processed relative to them.
 */
public final class ControlTimeline {
    private final long[] starts;
    private final ControlState[] states;
    private final List<Rejected> rejected;

    /** A command that was valid on arrival but cannot apply to this key, with the reason. */
    public record Rejected(Command command, Rejection rejection) {}

    private ControlTimeline(long[] starts, ControlState[] states, List<Rejected> rejected) {
        this.starts = starts;
        this.states = states;
        this.rejected = rejected;
    }

    /**
     * Builds the timeline of a key from the commands addressed to it (or to all keys).
     *
     * @param commands valid commands, in any order
     * @param dimension the key's dimension, which SET_AFFINE and SET_PRIOR vectors must match
     */
    public static ControlTimeline of(List<Command> commands, int dimension, NormalizerConfig config) {
        List<Command> ordered = new ArrayList<>(commands);
        ordered.sort(Comparator.comparingLong(Command::orderTime).thenComparingLong(Command::sequence));
        List<Long> starts = new ArrayList<>();
        List<ControlState> states = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        ControlState current = config.initialControl();
        starts.add(Long.MIN_VALUE);
        states.add(current);
        for (Command c : ordered) {
            Rejection why = mismatch(c, dimension);
            if (why != null) {
                rejected.add(new Rejected(c, why));
                continue;
            }
            current = apply(current, c, config);
            long t = c.orderTime();
            if (starts.get(starts.size() - 1) == t) {
                states.set(states.size() - 1, current);
            } else {
                starts.add(t);
                states.add(current);
            }
        }
        long[] s = new long[starts.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = starts.get(i);
        }
        return new ControlTimeline(s, states.toArray(new ControlState[0]), List.copyOf(rejected));
    }

    /** The state that applies to a record with this event time. */
    public ControlState at(long eventTime) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= eventTime) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return states[lo];
    }

    /** The state after every command, which records with the latest event times get. */
    public ControlState latest() {
        return states[states.length - 1];
    }

    /** Commands skipped for this key, such as SET_AFFINE or SET_PRIOR with vectors of another dimension. */
    public List<Rejected> rejected() {
        return rejected;
    }

    static ControlState apply(ControlState s, Command c, NormalizerConfig config) {
        return switch (c.type()) {
            case TRAIN -> s.withMode(Mode.TRAIN);
            case EVAL -> s.withMode(Mode.EVAL);
            // The prior survives RESET: it is what RESET returns the key's statistics to.
            case RESET ->
                new ControlState(
                        config.initialMode(),
                        null,
                        null,
                        config.momentum(),
                        config.epsilon(),
                        s.resetGeneration() + 1,
                        s.prior());
            case SET_AFFINE -> s.withAffine(c.gamma(), c.beta());
            case SET_PARAMS -> s.withParams(c.momentum(), c.epsilon());
            case SET_PRIOR -> s.withPrior(new Prior(c.priorMean(), c.priorVariance(), c.priorWeight()));
        };
    }

    private static Rejection mismatch(Command c, int dimension) {
        if (c.type() == CommandType.SET_PRIOR && c.priorMean().length != dimension) {
            return Rejection.of(
                    ReasonCode.WRONG_PRIOR_DIMENSION,
                    "command " + c.id() + ": SET_PRIOR has " + c.priorMean().length + " values but key has dimension "
                            + dimension + "; send one prior mean and variance per feature");
        }
        if (c.type() != CommandType.SET_AFFINE) {
            return null;
        }
        double[] v = c.gamma() != null ? c.gamma() : c.beta();
        if (v.length != dimension) {
            return Rejection.of(
                    ReasonCode.WRONG_AFFINE_DIMENSION,
                    "command " + c.id() + ": SET_AFFINE has " + v.length + " values but key has dimension " + dimension
                            + "; send one gamma and beta per feature");
        }
        return null;
    }
}
