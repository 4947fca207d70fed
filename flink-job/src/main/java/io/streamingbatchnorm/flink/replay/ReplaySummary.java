package io.streamingbatchnorm.flink.replay;

import java.util.Map;

/** What a replay wrote: output lines, dead-letter lines by reason, keys with final statistics, drift events. */
public record ReplaySummary(
        long inputLines, long outputLines, Map<String, Long> deadLettersByReason, int keys, long driftEvents) {

    /** A summary of a replay that wrote no drift events. */
    public ReplaySummary(long inputLines, long outputLines, Map<String, Long> deadLettersByReason, int keys) {
        this(inputLines, outputLines, deadLettersByReason, keys, 0);
    }

    public long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
