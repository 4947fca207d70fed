package io.streamingbatchnorm.flink.replay;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of one replay (DESIGN 5).
 *
 * @param control control commands as JSON lines, or null
 * @param statsOutput where the final snapshot of each key goes, or null
 * @param dlqOutput where refused lines go; defaults to {@code OUT.dlq.jsonl}
 */
public record ReplayFiles(Path input, Path output, Path control, Path statsOutput, Path dlqOutput) {
    public ReplayFiles {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (dlqOutput == null) {
            String name = output.getFileName().toString();
            String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
            dlqOutput = output.resolveSibling(base + ".dlq.jsonl");
        }
    }
}
