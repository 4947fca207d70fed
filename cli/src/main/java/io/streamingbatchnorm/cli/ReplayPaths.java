package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.flink.replay.ReplayFiles;
import io.streamingbatchnorm.flink.replay.ReplaySummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a replay's files before the job starts, so that a typo is reported against its flag at once
 * instead of as an I/O error from inside Flink, and writes the summary line printed at the end.
 */
final class ReplayPaths {
    private ReplayPaths() {}

    static void check(ReplayFiles files) {
        readable("--input", files.input());
        if (files.control() != null) {
            readable("--control", files.control());
        }
        Map<Path, String> outputs = new LinkedHashMap<>();
        writable("--output", files.output(), files, outputs);
        writable("--dlq-output", files.dlqOutput(), files, outputs);
        if (files.statsOutput() != null) {
            writable("--stats-output", files.statsOutput(), files, outputs);
        }
        if (files.driftOutput() != null) {
            writable("--drift-output", files.driftOutput(), files, outputs);
        }
    }

    private static void readable(String flag, Path file) {
        if (!Files.exists(file)) {
            throw CliException.usage(flag + ": no such file '" + file + "'");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.usage(flag + ": '" + file + "' is not a readable file");
        }
    }

    private static void writable(String flag, Path file, ReplayFiles files, Map<Path, String> taken) {
        Path absolute = file.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw CliException.usage(flag + ": the directory of '" + file + "' does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw CliException.usage(flag + ": '" + file + "' is a directory; give a file name");
        }
        if (sameFile(absolute, files.input()) || (files.control() != null && sameFile(absolute, files.control()))) {
            throw CliException.usage(flag + ": '" + file + "' is an input of the replay; it would be overwritten");
        }
        for (Map.Entry<Path, String> other : taken.entrySet()) {
            if (sameFile(absolute, other.getKey())) {
                throw CliException.usage(flag + ": '" + file + "' is also given to " + other.getValue()
                        + "; give each output its own file");
            }
        }
        taken.put(absolute, flag);
    }

    /**
     * Whether two paths name one file, also through a symbolic link, a hard link or {@code ..}: an output that is
     * the input under another name would be truncated before it is read.
     */
    private static boolean sameFile(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        if (!Files.exists(x) || !Files.exists(y)) {
            return false;
        }
        try {
            return Files.isSameFile(x, y);
        } catch (IOException e) {
            throw CliException.failure("cannot compare '" + a + "' with '" + b + "': " + e.getMessage(), e);
        }
    }

    /** One line: records in and out, dead letters by reason, keys, time and the files written. */
    static String summaryLine(ReplaySummary s, ReplayFiles files, long elapsedNanos) {
        StringBuilder line = new StringBuilder("replay: ")
                .append(s.inputLines())
                .append(" records in, ")
                .append(s.outputLines())
                .append(" normalized, ")
                .append(s.deadLetters())
                .append(s.deadLetters() == 1 ? " dead letter" : " dead letters");
        if (!s.deadLettersByReason().isEmpty()) {
            StringBuilder reasons = new StringBuilder();
            new TreeMap<>(s.deadLettersByReason())
                    .forEach((reason, n) -> reasons.append(reasons.length() == 0 ? "" : ", ")
                            .append(reason)
                            .append(' ')
                            .append(n));
            line.append(" (").append(reasons).append(')');
        }
        line.append(", ").append(s.keys()).append(s.keys() == 1 ? " key, " : " keys, ");
        if (files.driftOutput() != null) {
            line.append(s.driftEvents()).append(s.driftEvents() == 1 ? " drift event, " : " drift events, ");
        }
        line.append(String.format(Locale.ROOT, "%.1f s", elapsedNanos / 1e9))
                .append("; wrote ")
                .append(files.output());
        if (s.deadLetters() > 0) {
            line.append(", ").append(files.dlqOutput());
        }
        if (files.statsOutput() != null) {
            line.append(", ").append(files.statsOutput());
        }
        if (files.driftOutput() != null) {
            line.append(", ").append(files.driftOutput());
        }
        return line.toString();
    }
}
