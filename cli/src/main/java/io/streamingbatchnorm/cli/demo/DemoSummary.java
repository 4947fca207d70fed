package io.streamingbatchnorm.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamingbatchnorm.avro.Mode;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.cli.TextColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's closing summary: per key, feature and mode, the raw and normalized mean and spread of what
 * the job wrote, next to the key's final running statistics; as an aligned table and as JSON.
 */
public final class DemoSummary {
    private static final String[] HEADER = {
        "KEY",
        "FEATURE",
        "MODE",
        "VALUES",
        "RAW MEAN",
        "RAW STD",
        "NORM MEAN",
        "NORM STD",
        "RUNNING MEAN",
        "RUNNING VAR",
        "VERSION"
    };
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoStream stream;
    private final DemoTally tally;

    public DemoSummary(DemoStream stream, DemoTally tally) {
        this.stream = stream;
        this.tally = tally;
    }

    /** The table, one row per key, feature and mode the key had outputs in. */
    public List<String> table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Map.Entry<String, KeyTally> e : tally.keys().entrySet()) {
            KeyTally k = e.getValue();
            StatsSnapshot s = k.lastSnapshot();
            for (int j = 0; j < k.dimension(); j++) {
                for (Mode mode : Mode.values()) {
                    if (k.outputs(mode) == 0) {
                        continue;
                    }
                    rows.add(new String[] {
                        e.getKey(),
                        featureName(j),
                        mode.name(),
                        String.format(Locale.ROOT, "%,d", k.raw(mode, j).count()),
                        g(k.raw(mode, j).mean()),
                        g(k.raw(mode, j).std()),
                        String.format(
                                Locale.ROOT, "%+.4f", k.normalized(mode, j).mean() + 0.0),
                        String.format(Locale.ROOT, "%.4f", k.normalized(mode, j).std()),
                        s == null ? "-" : g(s.getRunningMean().get(j)),
                        s == null ? "-" : g(s.getRunningVar().get(j)),
                        s == null ? "-" : Long.toString(s.getVersion())
                    });
                }
            }
        }
        return TextColumns.align(rows, c -> c >= 3);
    }

    /** What the table's numbers should look like, and why. */
    public static List<String> explanation() {
        return List.of(
                "TRAIN rows: each micro-batch is normalized with its own mean and variance, so a batch's normalized values",
                "  have mean beta (0) and std gamma * sqrt(var / (var + epsilon)), which is 1 unless the variance is close to",
                "  epsilon; a last batch too small to fold (under --min-batch-size) uses the running statistics instead.",
                "EVAL rows: each record is normalized at once with the statistics frozen at the switch (VERSION stops",
                "  moving); as the raw data keeps drifting, the normalized mean and std move away from 0 and 1.");
    }

    /**
     * The drift events the job published, per key and mode, and when a key's eval inputs first drifted: the
     * synthetic stream's eval keys drift away from their frozen statistics on purpose.
     */
    public List<String> drift() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "DRIFT: %,d events (%,d of train batches, %,d of eval windows; marked on the chart;"
                        + " 'normalize drift' tails them):",
                tally.driftEvents(Mode.TRAIN) + tally.driftEvents(Mode.EVAL),
                tally.driftEvents(Mode.TRAIN),
                tally.driftEvents(Mode.EVAL)));
        for (Map.Entry<String, KeyTally> e : tally.keys().entrySet()) {
            KeyTally k = e.getValue();
            Long firstEval = firstEvalDrift(k);
            lines.add(String.format(
                    Locale.ROOT,
                    "  %s: train %,d, eval %,d%s",
                    e.getKey(),
                    k.driftEvents(Mode.TRAIN),
                    k.driftEvents(Mode.EVAL),
                    firstEval == null ? "" : ", first eval drift at " + Instant.ofEpochMilli(firstEval)));
        }
        return lines;
    }

    private static Long firstEvalDrift(KeyTally k) {
        return k.drifts().stream()
                .filter(d -> d.mode() == Mode.EVAL)
                .map(KeyTally.DriftMark::eventTime)
                .min(Long::compare)
                .orElse(null);
    }

    /** Everything the table shows, exact, plus the run's counts; for scripts and tests. */
    public ObjectNode json(Map<String, Object> run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", stream.title());
        run.forEach((name, value) -> root.set(name, JSON.valueToTree(value)));
        root.put("produced", stream.payloads().size());
        root.put("bad_injected", stream.badCount());
        root.set("defects_injected", JSON.valueToTree(stream.defects()));
        root.put("normalized", tally.normalized());
        root.put("dead_letters", tally.deadLetters());
        root.set("dead_letters_by_reason", JSON.valueToTree(tally.deadLetterReasons()));
        root.put("unmatched_outputs", tally.unmatched());
        root.put("drift_events_train", tally.driftEvents(Mode.TRAIN));
        root.put("drift_events_eval", tally.driftEvents(Mode.EVAL));
        root.put("switch_time", Instant.ofEpochMilli(stream.switchTime()).toString());
        root.put("switch_time_ms", stream.switchTime());
        root.set("switched_keys", JSON.valueToTree(new java.util.TreeSet<>(stream.switchedKeys())));
        ArrayNode keys = root.putArray("keys");
        for (Map.Entry<String, KeyTally> e : tally.keys().entrySet()) {
            keys.add(key(e.getKey(), e.getValue()));
        }
        return root;
    }

    private ObjectNode key(String name, KeyTally k) {
        ObjectNode key = JSON.createObjectNode();
        key.put("key", name);
        StatsSnapshot s = k.lastSnapshot();
        if (s != null) {
            key.put("mode", s.getMode().name());
            key.put("version", s.getVersion());
            key.put("count", s.getCount());
            key.put("epsilon", s.getEpsilon());
            key.set("running_mean", JSON.valueToTree(s.getRunningMean()));
            key.set("running_var", JSON.valueToTree(s.getRunningVar()));
        }
        key.put("train_outputs", k.outputs(Mode.TRAIN));
        key.put("eval_outputs", k.outputs(Mode.EVAL));
        key.put("late_outputs", k.late());
        key.set("eval_versions", JSON.valueToTree(k.evalVersions()));
        key.put("drift_events_train", k.driftEvents(Mode.TRAIN));
        key.put("drift_events_eval", k.driftEvents(Mode.EVAL));
        Long firstEval = firstEvalDrift(k);
        if (firstEval != null) {
            key.put("first_eval_drift_ms", firstEval);
        }
        ArrayNode features = key.putArray("features");
        for (int j = 0; j < k.dimension(); j++) {
            ObjectNode f = features.addObject();
            f.put("feature", j);
            f.put("name", featureName(j));
            for (Mode mode : Mode.values()) {
                if (k.outputs(mode) > 0) {
                    ObjectNode m = f.putObject(mode.name().toLowerCase(Locale.ROOT));
                    m.put("values", k.raw(mode, j).count());
                    m.put("raw_mean", k.raw(mode, j).mean());
                    m.put("raw_std", k.raw(mode, j).std());
                    m.put("norm_mean", k.normalized(mode, j).mean());
                    m.put("norm_std", k.normalized(mode, j).std());
                }
            }
        }
        return key;
    }

    private String featureName(int j) {
        return j < stream.featureNames().size() ? stream.featureNames().get(j) : "x" + j;
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
