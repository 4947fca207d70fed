package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.DeadLetter;
import io.streamingbatchnorm.avro.NormalizedRecord;
import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's inputs and outputs as JSON-line files, for a closer look: {@code input.jsonl} (the good
 * records) and {@code control.jsonl} in the replay format, so {@code normalize replay} can run the same
 * stream; {@code normalized.jsonl}, {@code stats.jsonl} (every snapshot, in order) and
 * {@code dead-letters.jsonl} as the job wrote them to Kafka. Without a directory, nothing is written.
 */
final class OutputFiles implements AutoCloseable {
    private final BufferedWriter normalized;
    private final BufferedWriter stats;
    private final BufferedWriter deadLetters;

    private OutputFiles(BufferedWriter normalized, BufferedWriter stats, BufferedWriter deadLetters) {
        this.normalized = normalized;
        this.stats = stats;
        this.deadLetters = deadLetters;
    }

    /** Files in {@code dir} (created if needed), or none when {@code dir} is null. */
    static OutputFiles in(Path dir, DemoStream stream) {
        if (dir == null) {
            return new OutputFiles(null, null, null);
        }
        try {
            Files.createDirectories(dir);
            try (BufferedWriter input = open(dir, "input.jsonl");
                    BufferedWriter control = open(dir, "control.jsonl")) {
                for (Payload p : stream.payloads()) {
                    if (p.good()) {
                        line(input, JsonLines.writeFeatureRecord(p.record()));
                    }
                }
                for (ControlCommand c : stream.commands()) {
                    line(control, JsonLines.writeControlCommand(c));
                }
            }
            return new OutputFiles(
                    open(dir, "normalized.jsonl"), open(dir, "stats.jsonl"), open(dir, "dead-letters.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's files to " + dir + ": " + e.getMessage(), e);
        }
    }

    void write(NormalizedRecord r) {
        if (normalized != null) {
            line(normalized, JsonLines.writeNormalizedRecord(r));
        }
    }

    void write(StatsSnapshot s) {
        if (stats != null) {
            line(stats, JsonLines.writeStatsSnapshot(s));
        }
    }

    void write(DeadLetter d) {
        if (deadLetters != null) {
            line(deadLetters, JsonLines.writeDeadLetter(d));
        }
    }

    private static BufferedWriter open(Path dir, String name) throws IOException {
        return Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static void line(BufferedWriter w, String text) {
        try {
            w.write(text);
            w.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (BufferedWriter w : new BufferedWriter[] {normalized, stats, deadLetters}) {
            if (w != null) {
                w.close();
            }
        }
    }
}
