package io.streamingbatchnorm.flink.control;

import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.ControlState;
import io.streamingbatchnorm.core.ControlTimeline;
import io.streamingbatchnorm.core.Mode;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.ReasonCode;
import io.streamingbatchnorm.core.RecordCheck;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.flink.JobMetrics;
import io.streamingbatchnorm.flink.Outputs;
import io.streamingbatchnorm.flink.deadletter.DeadLetterFactory;
import io.streamingbatchnorm.flink.model.ControlFields;
import io.streamingbatchnorm.flink.model.FeatureEvent;
import io.streamingbatchnorm.flink.model.KeyControlState;
import io.streamingbatchnorm.flink.model.StampedEvent;
import io.streamingbatchnorm.flink.model.StoredCommand;
import io.streamingbatchnorm.flink.window.BatchWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Owns each key's control state: stamps every record with the mode and parameters that apply to its
 * event time (DESIGN 4.6), and sends a marker ahead of the first record whose control state differs from
 * the previous record's, so that the window closes the open micro-batch first.
 *
 * <p>Broadcast state holds every accepted command by id, so a restored job knows them, and keys first
 * seen later get the {@code *} commands. Commands known before the job starts (a replay's control file,
 * or the control topic read up to its end at submission) are given to the constructor so they apply
 * before the first record, whatever the order in which the two inputs arrive.
 */
public class ControlStampFunction
        extends KeyedBroadcastProcessFunction<String, FeatureEvent, StoredCommand, StampedEvent> {
    private static final long serialVersionUID = 1L;

    static final ValueStateDescriptor<KeyControlState> KEY_CONTROL =
            new ValueStateDescriptor<>("key-control", TypeInformation.of(KeyControlState.class));

    public static final MapStateDescriptor<String, StoredCommand> COMMANDS =
            new MapStateDescriptor<>("control-commands", Types.STRING, TypeInformation.of(StoredCommand.class));

    private final NormalizerConfig config;
    private final List<StoredCommand> initialCommands;
    private final DeadLetterFactory deadLetters;
    private final long windowMillis;

    private transient ValueState<KeyControlState> keyState;
    private transient Map<String, StoredCommand> initialById;
    private transient CommandBook book;
    private transient boolean isFirstSubtask;
    private transient Counter newKeys;
    private transient Counter commandsForUnseenKeys;

    public ControlStampFunction(
            NormalizerConfig config, List<StoredCommand> initialCommands, DeadLetterFactory deadLetters) {
        this.config = config;
        this.initialCommands = new ArrayList<>(initialCommands);
        this.deadLetters = deadLetters;
        this.windowMillis = config.window() == null ? 0 : config.window().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        keyState = getRuntimeContext().getState(KEY_CONTROL);
        initialById = new HashMap<>();
        for (StoredCommand c : initialCommands) {
            initialById.putIfAbsent(c.id, c);
        }
        isFirstSubtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        newKeys = getRuntimeContext().getMetricGroup().counter(JobMetrics.KEYS);
        commandsForUnseenKeys = getRuntimeContext().getMetricGroup().counter(JobMetrics.COMMANDS_FOR_UNSEEN_KEYS);
    }

    @Override
    public void processElement(FeatureEvent record, ReadOnlyContext ctx, Collector<StampedEvent> out) throws Exception {
        KeyControlState state = keyState.value();
        if (state != null && idleLongerThanTtl(state, record.eventTime)) {
            // Decided by the key's own records, so that a replay, whose watermark lags, expires it too.
            ctx.timerService().deleteEventTimeTimer(state.expiryTimer);
            expire(record.key, state, record.eventTime, out);
            state = null;
        }
        boolean changed = false;
        if (state == null) {
            state = new KeyControlState();
            state.dimension = record.values.length;
            newKeys.inc();
            changed = true;
        }
        Rejection wrongDimension = RecordCheck.checkDimension(record.key, record.values, state.dimension);
        if (wrongDimension != null) {
            ctx.output(Outputs.DEAD_LETTERS, deadLetters.forFeature(record, wrongDimension));
            if (changed) {
                keyState.update(state);
            }
            return;
        }
        ControlTimeline timeline =
                book(ctx.getBroadcastState(COMMANDS).immutableEntries()).timeline(record.key, state.dimension);
        for (ControlTimeline.Rejected r : timeline.rejected()) {
            if (!state.reportedCommandIds.contains(r.command().id())) {
                state.reportedCommandIds.add(r.command().id());
                Rejection why = Rejection.of(
                        r.rejection().reason(),
                        "key '" + record.key + "': " + r.rejection().message());
                ctx.output(Outputs.DEAD_LETTERS, deadLetters.forCommand(StoredCommand.of(r.command()), why));
                changed = true;
            }
        }
        if (state.openWindows == null) {
            // State restored from a savepoint taken before the job tracked open windows.
            state.openWindows = new ArrayList<>();
        }
        long watermark = ctx.currentWatermark();
        changed |= forgetClosedWindows(state, watermark);
        ControlState control = timeline.at(record.eventTime);
        ControlFields stamp = state.lastStamp;
        if (stamp == null || !stamp.matches(control)) {
            stamp = ControlFields.of(control);
            if (state.lastStamp != null) {
                StampedEvent marker = StampedEvent.marker(record.key, record.eventTime, stamp);
                marker.closeWindows =
                        state.openWindows.stream().mapToLong(Long::longValue).toArray();
                state.openWindows.clear();
                out.collect(marker);
            }
            state.lastStamp = stamp;
            changed = true;
        }
        boolean late = isLate(record.eventTime, watermark);
        if (windowMillis != 0 && !late && control.mode() == Mode.TRAIN) {
            changed |= rememberWindow(state, BatchWindow.tumblingStart(record.eventTime, windowMillis));
        }
        changed |= scheduleExpiry(state, record.eventTime, ctx);
        if (changed) {
            keyState.update(state);
        }
        // With object reuse the network input hands us the same instance for every record, and the window
        // operator buffers what we emit, so it must get its own instance.
        out.collect(StampedEvent.record(record.copy(), stamp, late));
    }

    /** Keeps one event-time timer per key for {@code --key-ttl}; whether the state changed. */
    private boolean scheduleExpiry(KeyControlState state, long eventTime, ReadOnlyContext ctx) {
        long ttl = config.keyTtlMillis();
        if (ttl == 0) {
            return false;
        }
        boolean changed = eventTime > state.lastSeen;
        state.lastSeen = Math.max(state.lastSeen, eventTime);
        if (state.expiryTimer == null) {
            state.expiryTimer = saturatedAdd(state.lastSeen, ttl);
            ctx.timerService().registerEventTimeTimer(state.expiryTimer);
            changed = true;
        }
        return changed;
    }

    /**
     * A key's expiry timer: forgets the key if no record came since, after closing its open batches, or waits
     * until its latest record's TTL. It bounds the state of keys that never return; a key that does return after
     * longer than the TTL is expired by its record ({@link #processElement}) whether or not the timer fired.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StampedEvent> out) throws Exception {
        KeyControlState state = keyState.value();
        if (state == null || state.expiryTimer == null || state.expiryTimer != timestamp) {
            return;
        }
        long due = saturatedAdd(state.lastSeen, config.keyTtlMillis());
        if (due > timestamp) {
            state.expiryTimer = due;
            ctx.timerService().registerEventTimeTimer(due);
            keyState.update(state);
            return;
        }
        expire(ctx.getCurrentKey(), state, timestamp, out);
    }

    private boolean idleLongerThanTtl(KeyControlState state, long eventTime) {
        long ttl = config.keyTtlMillis();
        return ttl != 0 && state.expiryTimer != null && eventTime > saturatedAdd(state.lastSeen, ttl);
    }

    /** Closes the key's open batches, then tells the window stage to forget it, and forgets it here. */
    private void expire(String key, KeyControlState state, long time, Collector<StampedEvent> out) throws Exception {
        if (state.lastStamp != null) {
            StampedEvent close = StampedEvent.marker(key, time, state.lastStamp);
            close.closeWindows =
                    state.openWindows.stream().mapToLong(Long::longValue).toArray();
            out.collect(close);
            out.collect(StampedEvent.expiry(key, time, state.lastStamp));
        }
        keyState.clear();
    }

    private static long saturatedAdd(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /** Drops the windows the watermark has closed; whether any was dropped. */
    private boolean forgetClosedWindows(KeyControlState state, long watermark) {
        boolean any = false;
        while (!state.openWindows.isEmpty() && state.openWindows.get(0) + windowMillis - 1 <= watermark) {
            state.openWindows.remove(0);
            any = true;
        }
        return any;
    }

    /** Adds a window start to the ascending list of open windows; whether it was new. */
    private static boolean rememberWindow(KeyControlState state, long start) {
        int i = java.util.Collections.binarySearch(state.openWindows, start);
        if (i >= 0) {
            return false;
        }
        state.openWindows.add(-i - 1, start);
        return true;
    }

    @Override
    public void processBroadcastElement(StoredCommand command, Context ctx, Collector<StampedEvent> out)
            throws Exception {
        BroadcastState<String, StoredCommand> commands = ctx.getBroadcastState(COMMANDS);
        CommandBook known = book(commands.immutableEntries());
        if (commands.get(command.id) == null && known.wasDropped(command)) {
            // Read again at a restart after it was dropped as superseded: it decides nothing any more.
            return;
        }
        StoredCommand earlier = commands.get(command.id);
        if (earlier == null) {
            StoredCommand initial = initialById.get(command.id);
            earlier = initial != null && !initial.sameContent(command) ? initial : null;
        }
        if (earlier != null) {
            if (isFirstSubtask && !(earlier.sameContent(command) && earlier.sequence == command.sequence)) {
                ctx.output(
                        Outputs.DEAD_LETTERS,
                        deadLetters.forCommand(
                                command,
                                Rejection.of(
                                        ReasonCode.DUPLICATE_COMMAND,
                                        "command id '" + command.id
                                                + "' was already used; give every command a new id")));
            }
            return;
        }
        commands.put(command.id, command);
        known.add(command.toCommand());
        countIfForAnUnseenKey(command, ctx);
        List<Command> dropped = known.prune(ctx.currentWatermark());
        if (!dropped.isEmpty()) {
            for (Command c : dropped) {
                commands.remove(c.id());
            }
            StoredCommand marker = new StoredCommand();
            marker.id = CommandBook.DROPPED_THROUGH;
            marker.sequence = known.droppedThrough();
            commands.put(CommandBook.DROPPED_THROUGH, marker);
        }
    }

    /**
     * Counts a command for a key this subtask owns but has never seen a record of: often a misspelled key. The
     * command is kept all the same, and applies if the key turns up.
     */
    private void countIfForAnUnseenKey(StoredCommand command, Context ctx) throws Exception {
        if (Command.ALL_KEYS.equals(command.key)) {
            return;
        }
        TaskInfo task = getRuntimeContext().getTaskInfo();
        int owner = KeyGroupRangeAssignment.assignKeyToParallelOperator(
                command.key, task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks());
        if (owner != task.getIndexOfThisSubtask()) {
            return;
        }
        boolean[] seen = {false};
        ctx.applyToKeyedState(KEY_CONTROL, (key, state) -> seen[0] |= key.equals(command.key));
        if (!seen[0]) {
            commandsForUnseenKeys.inc();
        }
    }

    /** The commands this subtask knows, loaded from broadcast state on first use after a start or restore. */
    private CommandBook book(Iterable<Map.Entry<String, StoredCommand>> state) {
        if (book == null) {
            book = CommandBook.load(config, state, initialCommands);
        }
        return book;
    }

    /**
     * Whether the record's tumbling window has already been closed by the watermark. Decided here, where
     * the watermark is the one the window operator chained behind this function sees too.
     */
    private boolean isLate(long eventTime, long watermark) {
        if (windowMillis == 0 || watermark == Long.MIN_VALUE) {
            return false;
        }
        long end = BatchWindow.tumblingStart(eventTime, windowMillis) + windowMillis;
        return end - 1 <= watermark;
    }
}
