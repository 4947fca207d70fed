package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.flink.replay.Replay;
import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the streaming job on the cluster must have written: a bounded replay of the same records and commands
 * through the same job graph (in-process), compared bit for bit, record by record, by id.
 */
final class ReplayCheck {
    final Map<String, String> outputs = new HashMap<>();
    final Map<String, StatsSnapshot> stats = new HashMap<>();

    ReplayCheck(Path dir, List<FeatureRecord> input, List<ControlCommand> commands, NormalizerConfig config)
            throws Exception {
        Files.createDirectories(dir);
        ReplayFiles files = new ReplayFiles(
                ClusterStreams.writeInput(dir.resolve("in.jsonl"), input),
                dir.resolve("out.jsonl"),
                ClusterStreams.writeControl(dir.resolve("control.jsonl"), commands),
                dir.resolve("stats.jsonl"),
                null);
        Replay.run(files, config, 1);
        for (String l : Files.readAllLines(files.output())) {
            NormalizedRecord r = JsonLines.parseNormalizedRecord(l);
            outputs.put(r.getId(), bits(r));
        }
        for (String l : Files.readAllLines(files.statsOutput())) {
            StatsSnapshot s = JsonLines.parseStatsSnapshot(l);
            stats.put(s.getKey(), s);
        }
    }

    /** One output as its exact bits: key, mode, version, batch size and every value's raw bits. */
    static String bits(NormalizedRecord r) {
        StringBuilder b = new StringBuilder(r.getKey() + "|" + r.getMode() + "|" + r.getStatsVersion() + "|"
                + r.getBatchSize() + "|" + r.getLate() + "|");
        for (Double v : r.getValues()) {
            b.append(v == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(v)))
                    .append(',');
        }
        return b.toString();
    }

    /** Figures of a streamed output against the replay. */
    record Figures(int records, int lost, int duplicated, int different) {
        @Override
        public String toString() {
            return "records " + records + ", lost " + lost + ", duplicated " + duplicated + ", different " + different;
        }
    }

    /** Asserts that {@code streamed} holds every replayed output exactly once, bit-identical, and nothing else. */
    Figures assertSame(List<NormalizedRecord> streamed) {
        Map<String, String> byId = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int duplicated = 0;
        int different = 0;
        for (NormalizedRecord r : streamed) {
            if (!seen.add(r.getId())) {
                duplicated++;
            }
            byId.put(r.getId(), bits(r));
        }
        int lost = 0;
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            String got = byId.get(e.getKey());
            if (got == null) {
                lost++;
            } else if (!got.equals(e.getValue())) {
                different++;
            }
        }
        Figures f = new Figures(streamed.size(), lost, duplicated, different);
        assertThat(f).as("outputs against the replay").isEqualTo(new Figures(outputs.size(), 0, 0, 0));
        assertThat(byId).isEqualTo(outputs);
        return f;
    }

    void assertSameStats(Map<String, StatsSnapshot> streamed) {
        assertThat(streamed).as("final statistics against the replay's").isEqualTo(stats);
    }
}
