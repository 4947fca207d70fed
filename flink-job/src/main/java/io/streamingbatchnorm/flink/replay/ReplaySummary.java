package io.streamingbatchnorm.flink.replay;

import java.util.Map;

/** What a replay wrote: output lines, dead-letter lines by reason, and keys with final statistics. */
public record ReplaySummary(long inputLines, long outputLines, Map<String, Long> deadLettersByReason, int keys) {
    public long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
