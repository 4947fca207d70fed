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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
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
    private static final int TIMELINE_CACHE_SIZE = 10_000;

    public static final MapStateDescriptor<String, StoredCommand> COMMANDS =
            new MapStateDescriptor<>("control-commands", Types.STRING, TypeInformation.of(StoredCommand.class));

    private final NormalizerConfig config;
    private final List<StoredCommand> initialCommands;
    private final DeadLetterFactory deadLetters;
    private final long windowMillis;

    private transient ValueState<KeyControlState> keyState;
    private transient Map<String, StoredCommand> initialById;
    private transient Map<String, ControlTimeline> timelines;
    private transient boolean isFirstSubtask;
    private transient Counter newKeys;

    public ControlStampFunction(
            NormalizerConfig config, List<StoredCommand> initialCommands, DeadLetterFactory deadLetters) {
        this.config = config;
        this.initialCommands = new ArrayList<>(initialCommands);
        this.deadLetters = deadLetters;
        this.windowMillis = config.window() == null ? 0 : config.window().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        keyState = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("key-control", TypeInformation.of(KeyControlState.class)));
        initialById = new HashMap<>();
        for (StoredCommand c : initialCommands) {
            initialById.putIfAbsent(c.id, c);
        }
        timelines = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ControlTimeline> eldest) {
                return size() > TIMELINE_CACHE_SIZE;
            }
        };
        isFirstSubtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        newKeys = getRuntimeContext().getMetricGroup().counter(JobMetrics.KEYS);
    }

    @Override
    public void processElement(FeatureEvent record, ReadOnlyContext ctx, Collector<StampedEvent> out) throws Exception {
        KeyControlState state = keyState.value();
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
        ControlTimeline timeline = timeline(record.key, state.dimension, ctx.getBroadcastState(COMMANDS));
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
        if (changed) {
            keyState.update(state);
        }
        // With object reuse the network input hands us the same instance for every record, and the window
        // operator buffers what we emit, so it must get its own instance.
        out.collect(StampedEvent.record(record.copy(), stamp, late));
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
        StoredCommand known = commands.get(command.id);
        if (known == null) {
            StoredCommand initial = initialById.get(command.id);
            known = initial != null && !initial.sameContent(command) ? initial : null;
        }
        if (known != null) {
            if (isFirstSubtask && !(known.sameContent(command) && known.sequence == command.sequence)) {
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
        timelines.clear();
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

    private ControlTimeline timeline(String key, int dimension, ReadOnlyBroadcastState<String, StoredCommand> state)
            throws Exception {
        ControlTimeline cached = timelines.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, Command> applicable = new HashMap<>();
        for (StoredCommand c : initialCommands) {
            if (c.toCommand().appliesTo(key)) {
                applicable.putIfAbsent(c.id, c.toCommand());
            }
        }
        for (Map.Entry<String, StoredCommand> e : state.immutableEntries()) {
            Command c = e.getValue().toCommand();
            if (c.appliesTo(key)) {
                applicable.putIfAbsent(c.id(), c);
            }
        }
        ControlTimeline timeline = ControlTimeline.of(new ArrayList<>(applicable.values()), dimension, config);
        timelines.put(key, timeline);
        return timeline;
    }
}
