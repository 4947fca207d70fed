package io.streamingbatchnorm.flink.replay;

import io.streamingbatchnorm.flink.model.DeadLetterEvent;
import io.streamingbatchnorm.flink.model.OutputEvent;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * Writes a replay's outputs as JSON lines: normalized records, dead letters with their line numbers, drift events
 * (only from the job's part files), and at the end the last snapshot of each key (snapshots of a key arrive in
 * version order). Outputs come either through
 * {@link #accept} or as part files that the job's subtasks wrote ({@link #expectParts}). Everything goes to
 * temporary files that are moved into place only when the replay succeeds.
 */
public final class ReplayWriter implements AutoCloseable {
    private final ReplayFiles files;
    private final BufferedWriter output;
    private final BufferedWriter dlq;
    private final StagedFiles staged = new StagedFiles();
    private final Path stagedOutput;
    private final Path stagedDlq;
    private final Path stagedStats;
    private final Path stagedDrift;
    private final Map<String, StatsEvent> lastStats = new TreeMap<>();
    private final Map<String, Long> deadLetters = new LinkedHashMap<>();
    private long outputLines;
    private int parts;

    public ReplayWriter(ReplayFiles files) throws IOException {
        this.files = files;
        this.stagedOutput = staged.stage(files.output());
        this.stagedDlq = staged.stage(files.dlqOutput());
        this.output = writer(stagedOutput, files.output());
        this.dlq = writer(stagedDlq, files.dlqOutput());
        this.stagedStats = files.statsOutput() == null ? null : staged.stage(files.statsOutput());
        this.stagedDrift = files.driftOutput() == null ? null : staged.stage(files.driftOutput());
    }

    /** A UTF-8 writer of {@code staged}, compressed if {@code target}'s name says gzip. */
    private static BufferedWriter writer(Path staged, Path target) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(
                Compression.wrap(Files.newOutputStream(staged), Compression.gzip(target)),
                StandardCharsets.UTF_8.newEncoder()));
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

    /** The job will write {@code n} parts of each output next to the staged files; they go if the replay fails. */
    void expectParts(int n) {
        parts = n;
    }

    Path outputBase() {
        return stagedOutput;
    }

    Path dlqBase() {
        return stagedDlq;
    }

    /** Null when no statistics output was asked for. */
    Path statsBase() {
        return stagedStats;
    }

    /** Null when no drift output was asked for. */
    Path driftBase() {
        return stagedDrift;
    }

    /**
     * Flushes everything, writes the final statistics and moves every output into place; returns what was
     * written. Without it, {@link #close} leaves the previous outputs untouched.
     */
    public ReplaySummary finish(long inputLines) throws IOException {
        output.close();
        dlq.close();
        writeStats(new TreeMap<>());
        staged.commit();
        return new ReplaySummary(inputLines, outputLines, Map.copyOf(deadLetters), lastStats.size());
    }

    /** {@link #finish} for a job whose subtasks wrote part files, with the counts from its accumulators. */
    ReplaySummary finishParts(JobExecutionResult result) throws IOException {
        output.close();
        dlq.close();
        PartFiles.join(stagedOutput, parts, stagedOutput);
        PartFiles.join(stagedDlq, parts, stagedDlq);
        if (stagedDrift != null) {
            PartFiles.join(stagedDrift, parts, stagedDrift);
        }
        Map<String, String> statsLines = new TreeMap<>();
        if (stagedStats != null) {
            for (int i = 0; i < parts; i++) {
                Path part = PartFiles.part(stagedStats, i);
                if (Files.exists(part)) {
                    for (String line : readLines(part)) {
                        statsLines.put(JsonLines.parseStatsSnapshot(line).getKey(), line);
                    }
                    Files.delete(part);
                }
            }
        }
        writeStats(statsLines);
        staged.commit();
        Map<String, Long> dead = new LinkedHashMap<>(deadLetters);
        result.getAllAccumulatorResults().forEach((name, value) -> {
            if (name.startsWith(WriteDeadLetters.PREFIX)) {
                dead.merge(name.substring(WriteDeadLetters.PREFIX.length()), (Long) value, Long::sum);
            }
        });
        long keys = counter(result, WriteFinalStats.KEYS);
        return new ReplaySummary(
                counter(result, CountInput.COUNTER),
                outputLines + counter(result, WriteNormalized.COUNTER),
                Map.copyOf(dead),
                (int) keys + lastStats.size(),
                counter(result, WriteDrift.COUNTER));
    }

    private static long counter(JobExecutionResult result, String name) {
        Long value = result.getAccumulatorResult(name);
        return value == null ? 0 : value;
    }

    /** Writes the statistics file: {@code lines} (already JSON, by key) and the snapshots given to accept. */
    private void writeStats(Map<String, String> lines) throws IOException {
        if (stagedStats == null) {
            return;
        }
        for (StatsEvent s : lastStats.values()) {
            lines.put(s.key, JsonLines.writeStatsSnapshot(RecordMapping.toAvro(s)));
        }
        try (BufferedWriter stats = writer(stagedStats, files.statsOutput())) {
            for (String line : lines.values()) {
                stats.write(line);
                stats.newLine();
            }
        }
    }

    /** The lines of a part file (statistics parts are never compressed: they are read back here). */
    private static List<String> readLines(Path part) throws IOException {
        return Files.readAllLines(part, StandardCharsets.UTF_8);
    }

    public Map<String, StatsEvent> lastStats() {
        return lastStats;
    }

    /** Closes the files; outputs not moved into place by {@link #finish} are deleted, part files too. */
    @Override
    public void close() throws IOException {
        try {
            output.close();
            dlq.close();
            PartFiles.delete(stagedOutput, parts);
            PartFiles.delete(stagedDlq, parts);
            if (stagedStats != null) {
                PartFiles.delete(stagedStats, parts);
            }
            if (stagedDrift != null) {
                PartFiles.delete(stagedDrift, parts);
            }
        } finally {
            staged.close();
        }
    }
}
