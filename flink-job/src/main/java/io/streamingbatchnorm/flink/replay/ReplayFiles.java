package io.streamingbatchnorm.flink.replay;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of one replay (DESIGN 5).
 *
 * @param control control commands as JSON lines, or null
 * @param statsOutput where the final snapshot of each key goes, or null
 * @param dlqOutput where refused lines go; defaults to {@code OUT.dlq.jsonl}
 * @param maxLineBytes the longest line of the input and control files that is read; a longer one is a dead letter
 */
public record ReplayFiles(Path input, Path output, Path control, Path statsOutput, Path dlqOutput, int maxLineBytes) {
    public ReplayFiles {
        ReplayOptions.MAX_LINE_BYTES.check(maxLineBytes);
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (dlqOutput == null) {
            String name = output.getFileName().toString();
            String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
            dlqOutput = output.resolveSibling(base + ".dlq.jsonl");
        }
    }

    /** The files of a replay that reads lines up to the default {@code --max-line-bytes}. */
    public ReplayFiles(Path input, Path output, Path control, Path statsOutput, Path dlqOutput) {
        this(input, output, control, statsOutput, dlqOutput, ReplayOptions.MAX_LINE_BYTES.defaultValue());
    }
}
