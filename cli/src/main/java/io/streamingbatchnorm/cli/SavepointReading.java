package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.flink.model.RecordMapping;
import io.streamingbatchnorm.flink.model.StatsEvent;
import io.streamingbatchnorm.flink.savepoint.SavepointStatistics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The statistics of every key in a savepoint of the job, as the snapshots the job publishes, for {@code stats}. */
final class SavepointReading {
    /** The file Flink writes into every savepoint and retained checkpoint directory. */
    static final String METADATA = "_metadata";

    private SavepointReading() {}

    /**
     * Every key's statistics in the savepoint at {@code location}: a local directory (checked here, so a typo
     * is reported as such) or a URI of any file system Flink knows.
     */
    static Map<String, StatsSnapshot> read(String location) {
        String pointer = pointer(location);
        Map<String, StatsSnapshot> out = new TreeMap<>();
        try {
            for (StatsEvent s : SavepointStatistics.read(pointer)) {
                out.put(s.key, RecordMapping.toAvro(s));
            }
        } catch (Exception e) {
            throw CliException.failure(
                    "cannot read the statistics from savepoint '" + location + "': " + ErrorHandlers.describe(e)
                            + "; is it a savepoint of the normalization job?",
                    e);
        }
        return out;
    }

    private static String pointer(String location) {
        return location(location, "--savepoint");
    }

    /**
     * The URI of the savepoint that {@code flag} names: a local directory or {@code file:} URI is checked here (so
     * a typo is reported as such, naming the flag), a URI of another file system is passed on as it is.
     */
    static String location(String location, String flag) {
        if (location.isBlank()) {
            throw CliException.usage(flag + ": give the savepoint's directory or URI");
        }
        if (location.contains("://") && !location.startsWith("file:")) {
            return location;
        }
        Path path = location.startsWith("file:")
                ? Path.of(URI.create(location))
                : Path.of(location).toAbsolutePath().normalize();
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(METADATA)) {
            path = path.getParent();
        }
        if (!Files.isDirectory(path)) {
            throw CliException.usage(flag + ": no such directory '" + location + "'; give the directory of a "
                    + "savepoint (savepoint-...) or of a retained checkpoint (chk-N)");
        }
        if (!Files.isRegularFile(path.resolve(METADATA))) {
            throw CliException.usage(flag + ": '" + location + "' has no " + METADATA + " file; give the directory "
                    + "of a savepoint (savepoint-...) or of a retained checkpoint (chk-N)");
        }
        return path.toUri().toString();
    }
}
