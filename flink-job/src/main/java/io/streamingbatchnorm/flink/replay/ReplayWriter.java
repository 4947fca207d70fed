package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.OutputEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a replay's outputs as JSON lines: normalized records as they arrive, dead letters with their
 * line numbers, and at the end the last snapshot of each key (snapshots of a key arrive in version order).
 */
public final class ReplayWriter implements AutoCloseable {
    private final ReplayFiles files;
    private final BufferedWriter output;
    private final BufferedWriter dlq;
    private final Map<String, StatsEvent> lastStats = new TreeMap<>();
    private final Map<String, Long> deadLetters = new LinkedHashMap<>();
    private long outputLines;

    public ReplayWriter(ReplayFiles files) throws IOException {
        this.files = files;
        this.output = Files.newBufferedWriter(files.output(), StandardCharsets.UTF_8);
        this.dlq = Files.newBufferedWriter(files.dlqOutput(), StandardCharsets.UTF_8);
    }

    public void accept(OutputEvent e) {
        try {
            if (e.normalized != null) {
                output.write(JsonLines.writeNormalizedRecord(RecordMapping.toAvro(e.normalized)));
                output.newLine();
                outputLines++;
            } else if (e.stats != null) {
                lastStats.put(e.stats.key, e.stats);
            } else {
                deadLetter(e.deadLetter);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public void deadLetter(DeadLetterEvent d) throws IOException {
        dlq.write(JsonLines.writeDeadLetter(RecordMapping.toAvro(d)));
        dlq.newLine();
        deadLetters.merge(d.reason, 1L, Long::sum);
    }

    /** Flushes everything and writes the final statistics; returns what was written. */
    public ReplaySummary finish(long inputLines) throws IOException {
        close();
        if (files.statsOutput() != null) {
            try (BufferedWriter stats = Files.newBufferedWriter(files.statsOutput(), StandardCharsets.UTF_8)) {
                for (StatsEvent s : lastStats.values()) {
                    stats.write(JsonLines.writeStatsSnapshot(RecordMapping.toAvro(s)));
                    stats.newLine();
                }
            }
        }
        return new ReplaySummary(inputLines, outputLines, Map.copyOf(deadLetters), lastStats.size());
    }

    public Map<String, StatsEvent> lastStats() {
        return lastStats;
    }

    @Override
    public void close() throws IOException {
        output.close();
        dlq.close();
    }
}
