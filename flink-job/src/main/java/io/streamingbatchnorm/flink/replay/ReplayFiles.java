package io.streamingbatchnorm.flink.replay;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of one replay (DESIGN 5).
 *
 * @param control control commands as JSON lines, or null
 * @param statsOutput where the final snapshot of each key goes, or null
 * @param dlqOutput where refused lines go; defaults to {@code OUT.dlq.jsonl} ({@code OUT.dlq.jsonl.gz} for a
 *     compressed output)
 * @param maxLineBytes the longest line of the input and control files that is read; a longer one is a dead letter
 * @param csv the columns of a CSV input, or null for JSON lines
 * @param driftOutput where drift events go, one JSON line each, or null
 */
public record ReplayFiles(
        Path input,
        Path output,
        Path control,
        Path statsOutput,
        Path dlqOutput,
        int maxLineBytes,
        CsvColumns csv,
        Path driftOutput) {
    public ReplayFiles {
        ReplayOptions.MAX_LINE_BYTES.check(maxLineBytes);
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (dlqOutput == null) {
            String name = output.getFileName().toString();
            String gz = name.endsWith(".gz") ? ".gz" : "";
            String plain = name.substring(0, name.length() - gz.length());
            String base = plain.endsWith(".jsonl") ? plain.substring(0, plain.length() - ".jsonl".length()) : plain;
            dlqOutput = output.resolveSibling(base + ".dlq.jsonl" + gz);
        }
    }

    /** The files of a replay without a drift output. */
    public ReplayFiles(
            Path input, Path output, Path control, Path statsOutput, Path dlqOutput, int maxLineBytes, CsvColumns csv) {
        this(input, output, control, statsOutput, dlqOutput, maxLineBytes, csv, null);
    }

    /** The same files, writing drift events to {@code file} (null: not written). */
    public ReplayFiles withDriftOutput(Path file) {
        return new ReplayFiles(input, output, control, statsOutput, dlqOutput, maxLineBytes, csv, file);
    }

    /** The files of a replay of JSON lines. */
    public ReplayFiles(Path input, Path output, Path control, Path statsOutput, Path dlqOutput, int maxLineBytes) {
        this(input, output, control, statsOutput, dlqOutput, maxLineBytes, null);
    }

    /** The files of a replay that reads lines up to the default {@code --max-line-bytes}. */
    public ReplayFiles(Path input, Path output, Path control, Path statsOutput, Path dlqOutput) {
        this(input, output, control, statsOutput, dlqOutput, ReplayOptions.MAX_LINE_BYTES.defaultValue());
    }
}
