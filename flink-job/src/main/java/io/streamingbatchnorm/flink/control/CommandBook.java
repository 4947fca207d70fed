package io.streamingbatchnorm.flink.control;

import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandPruning;
import io.streamingbatchnorm.core.ControlTimeline;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.model.StoredCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control commands one subtask knows, indexed by the key they address, so that a key's timeline is built from
 * the commands for it and for {@code *} only, not from every command; and pruned, so that the commands kept stay
 * bounded however many are sent ({@link CommandPruning}).
 *
 * <p>Its contents are those of the broadcast state plus the commands known at submission, minus those dropped: a
 * command absent from the state whose sequence is at most {@link #droppedThrough} was dropped, and is not taken
 * back when the control topic is read again at a restart.
 */
public final class CommandBook {
    /** Key of the broadcast state entry that records {@link #droppedThrough}; no command id starts with NUL. */
    static final String DROPPED_THROUGH = "\u0000dropped-through";

    private static final int TIMELINE_CACHE_SIZE = 10_000;

    private final NormalizerConfig config;
    private final Map<String, Command> byId = new HashMap<>();
    private final Map<String, List<Command>> byKey = new HashMap<>();
    private final Map<String, ControlTimeline> timelines = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ControlTimeline> eldest) {
            return size() > TIMELINE_CACHE_SIZE;
        }
    };
    private long droppedThrough = Long.MIN_VALUE;

    public CommandBook(NormalizerConfig config) {
        this.config = config;
    }

    /** A book of the broadcast state's commands and the commands known at submission that were not dropped. */
    static CommandBook load(
            NormalizerConfig config, Iterable<Map.Entry<String, StoredCommand>> state, List<StoredCommand> initial) {
        CommandBook book = new CommandBook(config);
        Map<String, StoredCommand> stored = new HashMap<>();
        for (Map.Entry<String, StoredCommand> e : state) {
            if (e.getKey().equals(DROPPED_THROUGH)) {
                book.droppedThrough = e.getValue().sequence;
            } else {
                stored.put(e.getKey(), e.getValue());
            }
        }
        for (StoredCommand c : initial) {
            if (!stored.containsKey(c.id) && !book.wasDropped(c)) {
                book.add(c.toCommand());
            }
        }
        stored.values().forEach(c -> book.add(c.toCommand()));
        return book;
    }

    /** Whether {@code c}, absent from the state, is one this book dropped earlier. */
    boolean wasDropped(StoredCommand c) {
        return c.sequence <= droppedThrough;
    }

    long droppedThrough() {
        return droppedThrough;
    }

    /** Adds a command; the first one of an id stays, as the duplicate check keeps it. */
    public void add(Command c) {
        if (byId.putIfAbsent(c.id(), c) != null) {
            return;
        }
        byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        if (Command.ALL_KEYS.equals(c.key())) {
            timelines.clear();
        } else {
            timelines.remove(c.key());
        }
    }

    /** The timeline of {@code key}, whose dimension is {@code dimension}. */
    public ControlTimeline timeline(String key, int dimension) {
        ControlTimeline cached = timelines.get(key);
        if (cached != null) {
            return cached;
        }
        List<Command> applicable = new ArrayList<>(byKey.getOrDefault(Command.ALL_KEYS, List.of()));
        if (!Command.ALL_KEYS.equals(key)) {
            applicable.addAll(byKey.getOrDefault(key, List.of()));
        }
        ControlTimeline timeline = ControlTimeline.of(applicable, dimension, config);
        timelines.put(key, timeline);
        return timeline;
    }

    /** Removes the commands the watermark has made superseded; returns them. */
    List<Command> prune(long watermark) {
        Set<String> superseded = CommandPruning.superseded(byId.values(), watermark);
        List<Command> removed = new ArrayList<>(superseded.size());
        for (String id : superseded) {
            Command c = byId.remove(id);
            byKey.get(c.key()).remove(c);
            droppedThrough = Math.max(droppedThrough, c.sequence());
            removed.add(c);
        }
        if (!removed.isEmpty()) {
            timelines.clear();
        }
        return removed;
    }

    int size() {
        return byId.size();
    }
}
