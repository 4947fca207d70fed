package io.streamingbatchnorm.testkit;

import io.streamingbatchnorm.core.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Everything a replay produced, as typed objects: outputs in the order the job wrote them, final statistics, dead letters. */
public final class ReplayResult {
    private final List<Output> outputs;
    private final Map<String, Output> byId = new LinkedHashMap<>();
    private final Map<String, FinalStats> stats;
    private final List<DeadLetter> deadLetters;

    ReplayResult(List<Output> outputs, Map<String, FinalStats> stats, List<DeadLetter> deadLetters) {
        this.outputs = List.copyOf(outputs);
        this.stats = Map.copyOf(stats);
        this.deadLetters = List.copyOf(deadLetters);
        for (Output o : outputs) {
            if (o.id() != null) {
                byId.put(o.id(), o);
            }
        }
    }

    /** Every output; a key's outputs in the order the job emitted them. */
    public List<Output> outputs() {
        return outputs;
    }

    /** The output of the record with {@code id}. */
    public Output output(String id) {
        Output o = byId.get(id);
        if (o == null) {
            throw new NoSuchElementException("no output with id '" + id + "'");
        }
        return o;
    }

    /** The outputs of {@code key}, in the order the job emitted them. */
    public List<Output> outputsOf(String key) {
        return outputs.stream().filter(o -> o.key().equals(key)).toList();
    }

    public List<Output> outputsOf(String key, Mode mode) {
        return outputs.stream()
                .filter(o -> o.key().equals(key) && o.mode() == mode)
                .toList();
    }

    /**
     * The train-mode micro-batch that holds the record {@code id}: the outputs of its key with the same version
     * (each train batch folds in once, so its records share the version it produced).
     */
    public List<Output> batchOf(String id) {
        Output o = output(id);
        List<Output> batch = new ArrayList<>();
        for (Output x : outputsOf(o.key())) {
            if (x.mode() == o.mode() && x.version() == o.version() && x.late() == o.late()) {
                batch.add(x);
            }
        }
        return o.mode() == Mode.TRAIN ? batch : List.of(o);
    }

    /** Final statistics by key. */
    public Map<String, FinalStats> finalStats() {
        return stats;
    }

    public FinalStats finalStats(String key) {
        FinalStats s = stats.get(key);
        if (s == null) {
            throw new NoSuchElementException("no statistics for key '" + key + "'");
        }
        return s;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }
}
